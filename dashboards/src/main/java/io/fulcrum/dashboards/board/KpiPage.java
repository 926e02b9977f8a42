package io.fulcrum.dashboards.board;

import static io.fulcrum.dashboards.board.Html.cell;
import static io.fulcrum.dashboards.board.Html.headerRow;
import static io.fulcrum.dashboards.board.Html.number;
import static io.fulcrum.dashboards.board.Html.row;
import static io.fulcrum.dashboards.board.Html.text;

import io.fulcrum.dashboards.query.InitiativeStart;
import io.fulcrum.dashboards.query.KpiPoint;
import io.fulcrum.dashboards.query.KpiSummary;
import io.fulcrum.dashboards.query.ObjectKey;
import io.fulcrum.dashboards.query.ReaderQueries;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One KPI: per object, a chart of its current window values with the start of every initiative aimed at the KPI
 * marked, and the values as a table (with their revision, which shows that only the latest is used).
 */
final class KpiPage {

    /** Objects drawn per page: a KPI over thousands of SKUs would make a page no browser renders. */
    static final int MAX_OBJECTS = 50;

    private KpiPage() {}

    /** The page, or empty when the KPI has neither values nor initiatives. */
    static Optional<String> render(ReaderQueries reader, String kpiId) throws SQLException {
        List<KpiPoint> points = reader.kpiSeries(kpiId, MAX_OBJECTS);
        List<InitiativeStart> starts = reader.initiativeStarts(kpiId);
        if (points.isEmpty() && starts.isEmpty()) {
            return Optional.empty();
        }
        Map<ObjectKey, List<KpiPoint>> byObject = new LinkedHashMap<>();
        points.forEach(p -> byObject.computeIfAbsent(p.object(), k -> new ArrayList<>()).add(p));
        StringBuilder body = new StringBuilder();
        body.append("<h2>Initiatives aimed at this KPI</h2>\n");
        if (starts.isEmpty()) {
            body.append("<p class=\"note\">None.</p>\n");
        } else {
            body.append("<table id=\"initiatives\">").append(headerRow("Initiative", "Title", "Start", "Ramp-up"));
            for (InitiativeStart s : starts) {
                body.append(row(cell(Html.link("/initiative", s.initiativeId(), s.initiativeId())), text(s.title()),
                        text(Formats.time(s.startTime())), text(Formats.duration(s.rampUp()))));
            }
            body.append("</table>\n");
        }
        List<LineChart.Marker> markers = starts.stream()
                .map(s -> new LineChart.Marker(s.startTime(), s.initiativeId())).toList();
        body.append("<h2>Values per object</h2>\n");
        if (byObject.isEmpty()) {
            body.append("<p class=\"note\">No values yet.</p>\n");
        } else if (byObject.size() == MAX_OBJECTS) {
            long objects = reader.kpis().stream().filter(k -> k.kpiId().equals(kpiId)).mapToLong(KpiSummary::objects)
                    .findFirst().orElse(MAX_OBJECTS);
            body.append("<p class=\"note\">Showing the first ").append(MAX_OBJECTS).append(" of ").append(objects)
                    .append(" objects.</p>\n");
        }
        int index = 0;
        for (Map.Entry<ObjectKey, List<KpiPoint>> e : byObject.entrySet()) {
            index++;
            String name = e.getKey().toString();
            List<LineChart.Point> series = e.getValue().stream()
                    .map(p -> new LineChart.Point(p.windowStart(), p.value())).toList();
            body.append("<h3>").append(Html.escape(name)).append("</h3>\n")
                    .append(LineChart.render(kpiId + " for " + name, List.of(new LineChart.Series(name, series)),
                            markers))
                    .append("\n<table id=\"series-").append(index).append("\">")
                    .append(headerRow("Window start", "Window end", "Value", "Samples", "Revision"));
            for (KpiPoint p : e.getValue()) {
                body.append(row(text(Formats.time(p.windowStart())), text(Formats.time(p.windowEnd())),
                        number(Formats.number(p.value())), number(Long.toString(p.sampleCount())),
                        number(Integer.toString(p.revision()))));
            }
            body.append("</table>\n");
        }
        return Optional.of(Html.page("KPI " + kpiId, body.toString()));
    }
}
