package io.fulcrum.dashboards.board;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineChartTest {

    private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");
    private static final Instant T1 = Instant.parse("2026-03-03T00:00:00Z");

    @Test
    void pointsSpanThePlotAreaAndMarkersSitAtTheirTime() {
        // plot area: x 60..620 (width 560), y 20..190 (height 170); values 0..10
        String svg = LineChart.render("t", List.of(new LineChart.Series("s", List.of(
                new LineChart.Point(T0, 0), new LineChart.Point(Instant.parse("2026-03-02T12:00:00Z"), 10),
                new LineChart.Point(T1, 5)))), List.of(new LineChart.Marker(Instant.parse("2026-03-02T00:00:00Z"),
                "INIT-1")));

        // x: 0 h -> 60, 36 h of 48 -> 60 + 0.75 * 560 = 480, 48 h -> 620; y: 0 -> 190, 10 -> 20, 5 -> 105
        assertThat(svg).contains("points=\"60.0,190.0 480.0,20.0 620.0,105.0\"");
        // the marker at 24 h of 48: x = 60 + 280 = 340
        assertThat(svg).contains("<line x1=\"340.0\" y1=\"20\" x2=\"340.0\" y2=\"190\"");
        assertThat(svg).contains(">10</text>", ">0</text>", ">2026-03-01 00:00</text>", ">2026-03-03 00:00</text>");
    }

    @Test
    void markerBeforeTheFirstPointWidensTheTimeAxis() {
        String svg = LineChart.render("t", List.of(new LineChart.Series("s", List.of(
                new LineChart.Point(Instant.parse("2026-03-02T00:00:00Z"), 1),
                new LineChart.Point(T1, 3)))), List.of(new LineChart.Marker(T0, "early")));

        assertThat(svg).contains("points=\"340.0,190.0 620.0,20.0\"", "<line x1=\"60.0\" y1=\"20\"");
    }

    @Test
    void flatSeriesSitsInTheMiddleAndLabelsAreEscaped() {
        String svg = LineChart.render("<t>", List.of(new LineChart.Series("a<b", List.of(
                new LineChart.Point(T0, 2), new LineChart.Point(T1, 2)))), List.of());

        // 2 +- 0.2: the line at (2.2 - 2) / 0.4 * 170 + 20 = 105
        assertThat(svg).contains("points=\"60.0,105.0 620.0,105.0\"", "aria-label=\"&lt;t&gt;\"", "a&lt;b")
                .doesNotContain("a<b");
    }

    @Test
    void noPointsAndNoMarkersSaysNoValues() {
        assertThat(LineChart.render("t", List.of(), List.of())).contains(">no values</text>");
    }
}
