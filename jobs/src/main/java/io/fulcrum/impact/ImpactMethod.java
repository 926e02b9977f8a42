package io.fulcrum.impact;

/** The estimators of an initiative's effect; {@link #id()} is the stable name used in JSON and records. */
public enum ImpactMethod {
    /** Treated series after the start (ramp-up excluded) versus before, Welch's unequal-variance t interval. */
    PRE_POST_WELCH("pre_post_welch"),
    /** Difference-in-differences against the control pool, placebo standard error. */
    DIFFERENCE_IN_DIFFERENCES("did"),
    /** Synthetic control (Abadie et al.), placebo standard error. */
    SYNTHETIC_CONTROL("synthetic_control"),
    /** Synthetic difference-in-differences (Arkhangelsky et al. 2021), placebo standard error. */
    SYNTHETIC_DID("synthetic_did");

    private final String id;

    ImpactMethod(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }
}
