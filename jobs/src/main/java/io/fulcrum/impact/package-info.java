/**
 * The initiative impact engine: did an initiative move a KPI, by how much, how sure are we.
 *
 * <h2>One code path for batch and streaming</h2>
 * {@link io.fulcrum.impact.ImpactAnalysis} runs every estimator over a {@link io.fulcrum.impact.Panel} (objects x
 * periods) and an {@link io.fulcrum.impact.ImpactDesign} (treated objects, controls, start, ramp-up). The batch
 * command {@code fulcrum impact} reads the panel from a file ({@link io.fulcrum.impact.PanelCsvReader}); the streaming
 * operator {@link io.fulcrum.impact.ImpactFunction} builds it from its state of {@code KpiValue}s.
 *
 * <h2>Estimators</h2>
 * <ul>
 *   <li>{@link io.fulcrum.impact.WelchPrePost}: treated series after vs before, Welch t interval.
 *   <li>{@link io.fulcrum.impact.DifferenceInDifferences}, {@link io.fulcrum.impact.SyntheticControl},
 *       {@link io.fulcrum.impact.SyntheticDifferenceInDifferences}: against the control pool, with
 *       {@link io.fulcrum.impact.PlaceboInference} standard errors (valid with one treated object).
 *   <li>{@link io.fulcrum.impact.CusumChangePoint}: when the treated-minus-controls gap shifted, with a warning when
 *       that was before the start.
 *   <li>{@link io.fulcrum.impact.Estimate#cumulativeEffect()}: effect x post-periods, in the KPI's units.
 *   <li>{@link io.fulcrum.impact.Verdict}: improving / worsening / no detectable effect / insufficient data, read in
 *       the KPI's direction; minimum pre-, post-periods and controls in {@link io.fulcrum.impact.ImpactOptions}
 *       (defaults 8, 4, 5).
 * </ul>
 *
 * <h2>Validation</h2>
 * California's Proposition 99 (Abadie et al. 2010) reproduces Arkhangelsky et al. (2021), Table 1: DiD -27.35
 * (published -27.3), synthetic control -19.51 (-19.6), synthetic DiD -15.61 (-15.6). On simulated panels the 95%
 * intervals cover the injected effect in 92-97% of 200 panels and claim an effect on 2-6% of null panels
 * ({@code ImpactSimulationTest}).
 */
package io.fulcrum.impact;
