package io.fulcrum.kpi;

import java.util.List;
import java.util.stream.Collectors;

/**
 * KPI definitions that cannot run. Carries every problem found (not only the first), each naming the file, the KPI,
 * the field and the fix, so one start-up attempt shows all that needs correcting.
 */
public final class KpiConfigurationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** One thing wrong in one KPI file. {@code kpiId} is "?" when the KPI has no readable id. */
    public static final class Problem {
        private final String file;
        private final String kpiId;
        private final String field;
        private final String message;

        public Problem(String file, String kpiId, String field, String message) {
            this.file = file;
            this.kpiId = kpiId;
            this.field = field;
            this.message = message;
        }

        public String file() {
            return file;
        }

        public String kpiId() {
            return kpiId;
        }

        public String field() {
            return field;
        }

        public String message() {
            return message;
        }

        @Override
        public String toString() {
            return file + ": KPI '" + kpiId + "', field '" + field + "': " + message;
        }
    }

    private final List<Problem> problems;

    public KpiConfigurationException(List<Problem> problems) {
        super(format(problems));
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }

    private static String format(List<Problem> problems) {
        return problems.size() + " problem(s) in KPI definitions:\n"
                + problems.stream().map(p -> "  " + p).collect(Collectors.joining("\n"));
    }
}
