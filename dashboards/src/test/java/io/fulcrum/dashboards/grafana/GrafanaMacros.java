package io.fulcrum.dashboards.grafana;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What Grafana and the ClickHouse data source plugin do to a panel's SQL before sending it: template variables
 * replaced by their values, and the plugin's macros expanded the way its documentation shows
 * ({@code $__timeFilter_ms(c)} -> {@code c >= fromUnixTimestamp64Milli(from) AND c <= fromUnixTimestamp64Milli(to)},
 * {@code $__timeInterval(c)} -> {@code toStartOfInterval(toDateTime(c), INTERVAL s second)}, ...). Anything still
 * starting with {@code $} afterwards is a macro or variable this class does not know, and fails loudly.
 */
final class GrafanaMacros {

    private static final Pattern TIME_FILTER_MS = Pattern.compile("\\$__timeFilter_ms\\(([^)]+)\\)");
    private static final Pattern TIME_FILTER = Pattern.compile("\\$__timeFilter\\(([^)]+)\\)");
    private static final Pattern TIME_INTERVAL = Pattern.compile("\\$__timeInterval\\(([^)]+)\\)");
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([a-z_]+)(?::([a-z]+))?}");

    private final Instant from;
    private final Instant to;
    private final Duration interval;
    private final Map<String, List<String>> variables;

    GrafanaMacros(Instant from, Instant to, Duration interval, Map<String, List<String>> variables) {
        this.from = from;
        this.to = to;
        this.interval = interval;
        this.variables = variables;
    }

    String expand(String sql) {
        String out = replace(TIME_FILTER_MS, sql, c -> c + " >= fromUnixTimestamp64Milli(" + from.toEpochMilli()
                + ") AND " + c + " <= fromUnixTimestamp64Milli(" + to.toEpochMilli() + ")");
        out = replace(TIME_FILTER, out, c -> c + " >= toDateTime(" + from.getEpochSecond() + ") AND " + c
                + " <= toDateTime(" + to.getEpochSecond() + ")");
        out = replace(TIME_INTERVAL, out, c -> "toStartOfInterval(toDateTime(" + c + "), INTERVAL "
                + interval.toSeconds() + " second)");
        out = out.replace("$__fromTime_ms", "fromUnixTimestamp64Milli(" + from.toEpochMilli() + ")")
                .replace("$__toTime_ms", "fromUnixTimestamp64Milli(" + to.toEpochMilli() + ")")
                .replace("$__fromTime", "toDateTime(" + from.getEpochSecond() + ")")
                .replace("$__toTime", "toDateTime(" + to.getEpochSecond() + ")")
                .replace("$__interval_s", Long.toString(interval.toSeconds()));
        Matcher m = VARIABLE.matcher(out);
        StringBuilder expanded = new StringBuilder();
        while (m.find()) {
            List<String> values = variables.get(m.group(1));
            if (values == null) {
                throw new IllegalArgumentException("no value for dashboard variable ${" + m.group(1) + "}");
            }
            String format = m.group(2);
            String value;
            if (format == null) {
                value = String.join(",", values);
            } else if (format.equals("singlequote")) {
                value = String.join(",", values.stream().map(v -> "'" + v.replace("'", "\\'") + "'").toList());
            } else {
                throw new IllegalArgumentException("unknown variable format :" + format);
            }
            m.appendReplacement(expanded, Matcher.quoteReplacement(value));
        }
        m.appendTail(expanded);
        if (expanded.indexOf("$") >= 0) {
            throw new IllegalArgumentException("unexpanded macro or variable in: " + expanded);
        }
        return expanded.toString();
    }

    private static String replace(Pattern pattern, String sql, UnaryOperator<String> expansion) {
        Matcher m = pattern.matcher(sql);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(expansion.apply(m.group(1).trim())));
        }
        m.appendTail(out);
        return out.toString();
    }
}
