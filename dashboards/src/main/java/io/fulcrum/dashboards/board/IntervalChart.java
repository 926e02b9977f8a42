package io.fulcrum.dashboards.board;

import java.util.List;
import java.util.function.DoubleFunction;

/**
 * An inline SVG forest plot: one row per estimate, its interval as a bar and its point estimate as a dot, with the
 * zero line, so a reader sees at a glance which intervals exclude "no effect". Hand-drawn for the same reason as
 * {@link LineChart}.
 */
final class IntervalChart {

    static final int WIDTH = 760;
    static final int LABEL_WIDTH = 360;
    static final int RIGHT = 20;
    static final int ROW = 24;
    static final int TOP = 10;

    record Interval(String label, double estimate, double lower, double upper) {}

    private IntervalChart() {}

    static String render(String title, List<Interval> intervals) {
        double min = 0;
        double max = 0;
        for (Interval i : intervals) {
            min = Math.min(min, Math.min(i.lower(), i.estimate()));
            max = Math.max(max, Math.max(i.upper(), i.estimate()));
        }
        if (min == max) {
            max = 1;
        }
        int height = TOP * 2 + ROW * Math.max(1, intervals.size()) + 16;
        double width = WIDTH - LABEL_WIDTH - RIGHT;
        double lo = min;
        double span = max - min;
        DoubleFunction<String> x = v -> LineChart.coordinate(LABEL_WIDTH + (v - lo) * width / span);
        StringBuilder svg = new StringBuilder();
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"")
                .append(height).append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(height)
                .append("\" role=\"img\" aria-label=\"").append(Html.escape(title)).append("\">");
        int bottom = height - 16;
        svg.append("<line x1=\"").append(x.apply(0)).append("\" y1=\"").append(TOP).append("\" x2=\"")
                .append(x.apply(0)).append("\" y2=\"").append(bottom).append("\" stroke=\"#999\"/>");
        svg.append("<text x=\"").append(LABEL_WIDTH).append("\" y=\"").append(height - 4)
                .append("\" font-size=\"11\">").append(Html.escape(Formats.number(min))).append("</text>");
        svg.append("<text x=\"").append(WIDTH - RIGHT).append("\" y=\"").append(height - 4)
                .append("\" font-size=\"11\" text-anchor=\"end\">").append(Html.escape(Formats.number(max)))
                .append("</text>");
        for (int row = 0; row < intervals.size(); row++) {
            Interval i = intervals.get(row);
            int y = TOP + ROW * row + ROW / 2;
            svg.append("<text x=\"4\" y=\"").append(y + 4).append("\" font-size=\"11\">")
                    .append(Html.escape(i.label())).append("</text>");
            svg.append("<line x1=\"").append(x.apply(i.lower())).append("\" y1=\"").append(y).append("\" x2=\"")
                    .append(x.apply(i.upper())).append("\" y2=\"").append(y)
                    .append("\" stroke=\"#0969da\" stroke-width=\"3\"/>");
            svg.append("<circle cx=\"").append(x.apply(i.estimate())).append("\" cy=\"").append(y)
                    .append("\" r=\"4\" fill=\"#0969da\"><title>").append(Html.escape(i.label() + ": "
                            + Formats.signed(i.estimate()) + " [" + Formats.number(i.lower()) + ", "
                            + Formats.number(i.upper()) + "]")).append("</title></circle>");
        }
        return svg.append("</svg>").toString();
    }
}
