package io.fulcrum.kpi;

/** Which way a KPI should move for the business to be better off; alerts and impact verdicts read it. */
public enum Direction {
    HIGHER_IS_BETTER("higher-is-better"),
    LOWER_IS_BETTER("lower-is-better");

    private final String text;

    Direction(String text) {
        this.text = text;
    }

    /** The spelling used in KPI definition files. */
    public String text() {
        return text;
    }

    /**
     * Parses the spelling used in KPI definition files.
     *
     * @throws IllegalArgumentException naming the accepted spellings when {@code text} is none of them
     */
    public static Direction fromText(String text) {
        for (Direction d : values()) {
            if (d.text.equals(text)) {
                return d;
            }
        }
        throw new IllegalArgumentException(
                "direction '" + text + "' is not known: use higher-is-better or lower-is-better");
    }
}
