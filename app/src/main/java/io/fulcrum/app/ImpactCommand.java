package io.fulcrum.app;

import io.fulcrum.kpi.Direction;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.fulcrum.impact.ChangePoint;
import io.fulcrum.impact.Estimate;
import io.fulcrum.impact.ImpactAnalysis;
import io.fulcrum.impact.ImpactDesign;
import io.fulcrum.impact.ImpactOptions;
import io.fulcrum.impact.ImpactReport;

import io.fulcrum.impact.Panel;
import io.fulcrum.impact.PanelCsvReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code fulcrum impact}: the streaming job's impact estimators ({@link ImpactAnalysis}, the same code) over a
 * long-format panel file, printed as a table or as JSON. With several treated objects it reports the treated group
 * first, then each treated object alone.
 */
@Command(
        name = "impact",
        mixinStandardHelpOptions = true,
        description = "Estimate an initiative's effect on a KPI from a long-format panel file (one row per object and"
                + " period): pre/post Welch, difference-in-differences, synthetic control, synthetic DiD, change point.")
public final class ImpactCommand implements Callable<Integer> {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--panel", required = true, paramLabel = "FILE.csv", description = "Long-format panel file with a header row.")
    Path panel;

    @Option(names = "--delimiter", defaultValue = ",", description = "Column separator (default: ${DEFAULT-VALUE}).")
    char delimiter;

    @Option(names = "--object-col", required = true, description = "Column naming the business object.")
    String objectColumn;

    @Option(names = "--period-col", required = true, description = "Column of the period: a whole number or yyyy-MM-dd.")
    String periodColumn;

    @Option(names = "--value-col", required = true, description = "Column of the KPI value.")
    String valueColumn;

    @Option(names = "--treated", required = true, split = ",", description = "Treated object(s), comma-separated.")
    List<String> treated;

    @Option(names = "--controls", split = ",", description = "Control objects (default: every object not treated).")
    List<String> controls = new ArrayList<>();

    @Option(names = "--start", required = true, description = "First period of the initiative (same format as the period column).")
    String start;

    @Option(names = "--ramp-up", defaultValue = "0", description = "Periods after the start left out of the post-period (default: ${DEFAULT-VALUE}).")
    int rampUp;

    @Option(names = "--direction", defaultValue = "HIGHER_IS_BETTER",
            description = "Which way is good for the KPI: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Direction direction;

    @Option(names = "--level", defaultValue = "0.95", description = "Interval level (default: ${DEFAULT-VALUE}).")
    double level;

    @Option(names = "--min-pre", description = "Minimum pre-periods (default: 8).")
    Integer minPre;

    @Option(names = "--min-post", description = "Minimum post-periods (default: 4).")
    Integer minPost;

    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        ImpactOptions options;
        ImpactDesign design;
        Panel data;
        try {
            options = ImpactOptions.defaults().withLevel(level);
            options = minPre == null ? options : options.withMinPrePeriods(minPre);
            options = minPost == null ? options : options.withMinPostPeriods(minPost);
            design = ImpactDesign.builder().treated(treated).controls(controls)
                    .start(PanelCsvReader.parsePeriod(start)).rampUpPeriods(rampUp).build();
            data = PanelCsvReader.builder().delimiter(delimiter).objectColumn(objectColumn).periodColumn(periodColumn)
                    .valueColumn(valueColumn).build().read(panel);
        } catch (IllegalArgumentException | IllegalStateException | UncheckedIOException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        for (String t : treated) {
            if (data.objectIndex(t) < 0) {
                throw new CommandLine.ParameterException(spec.commandLine(), "Treated object '" + t + "' has no row in "
                        + panel + " (column '" + objectColumn + "'); check --treated and --object-col");
            }
        }
        ImpactAnalysis analysis = ImpactAnalysis.with(options);
        List<Scope> scopes = new ArrayList<>();
        scopes.add(new Scope(treated.size() == 1 ? treated.get(0) : "group", design, analysis.analyse(data, design)));
        if (treated.size() > 1) {
            for (String t : treated) {
                ImpactDesign single = design.forTreatedObject(t);
                scopes.add(new Scope(t, single, analysis.analyse(data, single)));
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            List<Map<String, Object>> documents = scopes.stream().map(this::toJson).toList();
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(Map.of("scopes", documents)));
        } else {
            scopes.forEach(scope -> printTable(out, scope));
        }
        out.flush();
        return 0;
    }

    /** One analysed scope: the treated group, or one treated object of it. */
    private record Scope(String name, ImpactDesign design, ImpactReport report) {}

    private Map<String, Object> toJson(Scope scope) {
        ImpactReport report = scope.report();
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("scope", scope.name());
        s.put("treated", scope.design().treated());
        s.put("start", scope.design().start());
        s.put("rampUpPeriods", scope.design().rampUpPeriods());
        s.put("direction", direction.name());
        List<Map<String, Object>> estimates = new ArrayList<>();
        for (Estimate e : report.estimates()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("method", e.method().id());
            m.put("effect", number(e.effect()));
            m.put("standardError", number(e.standardError()));
            m.put("lower", number(e.lower()));
            m.put("upper", number(e.upper()));
            m.put("pValue", number(e.pValue()));
            m.put("level", e.level());
            m.put("prePeriods", e.prePeriods());
            m.put("postPeriods", e.postPeriods());
            m.put("controls", e.controls());
            m.put("cumulativeEffect", number(e.cumulativeEffect()));
            m.put("cumulativeLower", number(e.cumulativeLower()));
            m.put("cumulativeUpper", number(e.cumulativeUpper()));
            m.put("verdict", e.verdict(direction).name().toLowerCase(Locale.ROOT));
            m.put("insufficientReason", e.insufficientReason());
            estimates.add(m);
        }
        s.put("estimates", estimates);
        s.put("changePoint", report.changePoint().map(ImpactCommand::changePoint).orElse(null));
        s.put("warnings", report.warnings());
        return s;
    }

    private static Map<String, Object> changePoint(ChangePoint cp) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("period", cp.period());
        m.put("shift", cp.shift());
        m.put("pValue", cp.pValue());
        m.put("detected", cp.detected());
        m.put("beganBeforeStart", cp.beganBeforeStart());
        return m;
    }

    /** JSON has no NaN: an estimate that could not be made has null numbers (and an insufficientReason). */
    private static Double number(double v) {
        return Double.isFinite(v) ? v : null;
    }

    private void printTable(PrintWriter out, Scope scope) {
        out.printf(Locale.ROOT, "Impact on %s (start %d, ramp-up %d periods, %s)%n", scope.name(),
                scope.design().start(), scope.design().rampUpPeriods(), label(direction.name()));
        out.printf(Locale.ROOT, "%-18s %10s %24s %9s %12s %5s %5s %5s  %s%n", "method", "effect",
                Math.round(level * 100) + "% interval", "p-value", "cumulative", "pre", "post", "ctrl", "verdict");
        for (Estimate e : scope.report().estimates()) {
            String verdict = label(e.verdict(direction).name());
            if (e.isSufficient()) {
                out.printf(Locale.ROOT, "%-18s %10.3f %24s %9.4f %12.2f %5d %5d %5d  %s%n", e.method().id(),
                        e.effect(), String.format(Locale.ROOT, "[%.3f, %.3f]", e.lower(), e.upper()), e.pValue(),
                        e.cumulativeEffect(), e.prePeriods(), e.postPeriods(), e.controls(), verdict);
            } else {
                out.printf(Locale.ROOT, "%-18s %10s %24s %9s %12s %5d %5d %5d  %s (%s)%n", e.method().id(), "-", "-",
                        "-", "-", e.prePeriods(), e.postPeriods(), e.controls(), verdict, e.insufficientReason());
            }
        }
        scope.report().changePoint().ifPresent(cp -> out.printf(Locale.ROOT,
                "change point: %d, shift %.3f, p = %.3f%s%n", cp.period(), cp.shift(), cp.pValue(),
                cp.detected() ? "" : " (not significant)"));
        scope.report().warnings().forEach(w -> out.println("warning: " + w));
        out.println();
    }

    private static String label(String enumName) {
        return enumName.toLowerCase(Locale.ROOT).replace('_', ' ');
    }
}
