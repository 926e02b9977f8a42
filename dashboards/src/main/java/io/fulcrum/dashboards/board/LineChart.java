package io.fulcrum.dashboards.board;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An inline SVG line chart over time: one polyline per series, a dot with a tooltip per point, and dashed
 * vertical markers (initiative starts). The time axis spans the points and the markers; the value axis spans the
 * points. Drawn by hand because the board must work offline and without script, which rules out the usual JS
 * chart libraries, and no Java library renders plain SVG this small.
 */
final class LineChart {

    static final int WIDTH = 640;
    static final int HEIGHT = 220;
    static final int LEFT = 60;
    static final int RIGHT = 20;
    static final int TOP = 20;
    static final int BOTTOM = 30;
    private static final String[] COLOURS = {"#0969da", "#bf3989", "#1a7f37", "#9a6700", "#8250df", "#57606a"};
    private static final String MARKER_COLOUR = "#cf222e";

    record Point(Instant time, double value) {}

    record Series(String name, List<Point> points) {
        Series {
            points = List.copyOf(points);
        }
    }

    record Marker(Instant time, String label) {}

    private LineChart() {}

    static String render(String title, List<Series> series, List<Marker> markers) {
        List<Instant> times = new ArrayList<>();
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            for (Point p : s.points()) {
                times.add(p.time());
                min = Math.min(min, p.value());
                max = Math.max(max, p.value());
            }
        }
        markers.forEach(m -> times.add(m.time()));
        StringBuilder svg = new StringBuilder();
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"")
                .append(HEIGHT).append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT)
                .append("\" role=\"img\" aria-label=\"").append(Html.escape(title)).append("\">");
        if (times.isEmpty()) {
            return svg.append("<text x=\"").append(LEFT).append("\" y=\"").append(TOP + 20)
                    .append("\">no values</text></svg>").toString();
        }
        if (min > max) { // markers only
            min = 0;
            max = 1;
        }
        if (min == max) { // a flat line sits in the middle
            double pad = min == 0 ? 1 : Math.abs(min) * 0.1;
            min -= pad;
            max += pad;
        }
        long t0 = times.stream().mapToLong(Instant::toEpochMilli).min().getAsLong();
        long t1 = times.stream().mapToLong(Instant::toEpochMilli).max().getAsLong();
        Scale scale = new Scale(t0, t1, min, max);
        int bottom = HEIGHT - BOTTOM;
        svg.append("<line x1=\"").append(LEFT).append("\" y1=\"").append(bottom).append("\" x2=\"")
                .append(WIDTH - RIGHT).append("\" y2=\"").append(bottom).append("\" stroke=\"#999\"/>")
                .append("<line x1=\"").append(LEFT).append("\" y1=\"").append(TOP).append("\" x2=\"").append(LEFT)
                .append("\" y2=\"").append(bottom).append("\" stroke=\"#999\"/>");
        label(svg, LEFT - 4, TOP + 4, "end", Formats.number(max));
        label(svg, LEFT - 4, bottom, "end", Formats.number(min));
        label(svg, LEFT, bottom + 16, "start", Formats.time(Instant.ofEpochMilli(t0)));
        label(svg, WIDTH - RIGHT, bottom + 16, "end", Formats.time(Instant.ofEpochMilli(t1)));
        for (Marker m : markers) {
            String x = coordinate(scale.x(m.time()));
            svg.append("<line x1=\"").append(x).append("\" y1=\"").append(TOP).append("\" x2=\"").append(x)
                    .append("\" y2=\"").append(bottom).append("\" stroke=\"").append(MARKER_COLOUR)
                    .append("\" stroke-dasharray=\"4 3\"><title>").append(Html.escape(m.label() + " starts "
                            + Formats.time(m.time()))).append("</title></line>");
            // a label at either edge would be cut off by the picture's border
            double at = scale.x(m.time());
            String anchor = at > WIDTH - RIGHT - 40 ? "end" : at < LEFT + 40 ? "start" : "middle";
            svg.append("<text x=\"").append(x).append("\" y=\"").append(TOP - 6)
                    .append("\" font-size=\"11\" text-anchor=\"").append(anchor).append("\" fill=\"").append(MARKER_COLOUR).append("\">")
                    .append(Html.escape(m.label())).append("</text>");
        }
        for (int i = 0; i < series.size(); i++) {
            Series s = series.get(i);
            String colour = COLOURS[i % COLOURS.length];
            StringBuilder points = new StringBuilder();
            for (Point p : s.points()) {
                points.append(points.isEmpty() ? "" : " ").append(coordinate(scale.x(p.time()))).append(',')
                        .append(coordinate(scale.y(p.value())));
            }
            svg.append("<polyline fill=\"none\" stroke=\"").append(colour).append("\" stroke-width=\"1.5\" points=\"")
                    .append(points).append("\"><title>").append(Html.escape(s.name())).append("</title></polyline>");
            for (Point p : s.points()) {
                svg.append("<circle cx=\"").append(coordinate(scale.x(p.time()))).append("\" cy=\"")
                        .append(coordinate(scale.y(p.value()))).append("\" r=\"2.5\" fill=\"").append(colour)
                        .append("\"><title>").append(Html.escape(s.name() + " " + Formats.time(p.time()) + ": "
                                + Formats.number(p.value()))).append("</title></circle>");
            }
            if (series.size() > 1) { // legend in the bottom margin, between the two time labels
                svg.append("<text x=\"").append(WIDTH / 2 - 60 + 90 * i).append("\" y=\"").append(bottom + 16)
                        .append("\" font-size=\"11\" fill=\"").append(colour).append("\">")
                        .append(Html.escape("\u2014 " + s.name())).append("</text>");
            }
        }
        return svg.append("</svg>").toString();
    }

    private static void label(StringBuilder svg, int x, int y, String anchor, String text) {
        svg.append("<text x=\"").append(x).append("\" y=\"").append(y).append("\" font-size=\"11\" text-anchor=\"")
                .append(anchor).append("\">").append(Html.escape(text)).append("</text>");
    }

    static String coordinate(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }

    /** Maps time and value onto the plot area; a single instant sits in the middle. */
    private record Scale(long t0, long t1, double min, double max) {
        double x(Instant time) {
            double width = WIDTH - LEFT - RIGHT;
            return t1 == t0 ? LEFT + width / 2 : LEFT + (time.toEpochMilli() - t0) * width / (t1 - t0);
        }

        double y(double value) {
            double height = HEIGHT - TOP - BOTTOM;
            return TOP + (max - value) * height / (max - min);
        }
    }
}
