package io.fulcrum.dashboards.board;

import static io.fulcrum.dashboards.board.Html.cell;
import static io.fulcrum.dashboards.board.Html.headerRow;
import static io.fulcrum.dashboards.board.Html.number;
import static io.fulcrum.dashboards.board.Html.row;
import static io.fulcrum.dashboards.board.Html.tagged;
import static io.fulcrum.dashboards.board.Html.text;

import io.fulcrum.dashboards.query.GroupPoint;
import io.fulcrum.dashboards.query.ImpactRow;
import io.fulcrum.dashboards.query.InitiativeDetails;
import io.fulcrum.dashboards.query.ReaderQueries;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * One initiative: what it is, each method's latest effect with its interval, p-value and verdict, and per target
 * KPI the mean series of its treated objects against its control objects.
 */
final class InitiativePage {

    private InitiativePage() {}

    /** The page, or empty when there is no initiative with that id. */
    static Optional<String> render(ReaderQueries reader, String initiativeId) throws SQLException {
        Optional<InitiativeDetails> found = reader.initiative(initiativeId);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        InitiativeDetails i = found.get();
        StringBuilder body = new StringBuilder();
        body.append("<table id=\"details\">")
                .append(row(text("Title"), text(i.title())))
                .append(row(text("Owner"), text(i.owner())))
                .append(row(text("Status"), text(i.status())))
                .append(row(text("Start"), text(Formats.time(i.startTime()))))
                .append(row(text("Ramp-up"), text(Formats.duration(i.rampUp()))))
                .append(row(text("End"), text(Formats.time(i.endTime()))))
                .append(row(text("Target KPIs"), cell(String.join(", ", i.targetKpiIds().stream()
                        .map(k -> Html.link("/kpi", k, k)).toList()))))
                .append("</table>\n");
        estimates(body, reader.impactOf(initiativeId));
        List<String> kpis = i.targetKpiIds();
        for (int k = 0; k < kpis.size(); k++) {
            treatedVsControl(body, i, kpis.get(k), k + 1, reader.treatedVsControl(initiativeId, kpis.get(k)));
        }
        return Optional.of(Html.page("Initiative " + initiativeId, body.toString()));
    }

    private static void estimates(StringBuilder body, List<ImpactRow> rows) {
        body.append("<h2>Effect by method</h2>\n");
        if (rows.isEmpty()) {
            body.append("<p class=\"note\">No estimates yet.</p>\n");
            return;
        }
        body.append("<table id=\"estimates\">").append(headerRow("KPI", "Scope", "Method", "Before", "After",
                "Effect", "Relative", "Interval", "p-value", "Controls", "Verdict", "Revision"));
        for (ImpactRow r : rows) {
            body.append(row(text(r.kpiId()), text(scope(r)), text(r.method()), number(Formats.number(r.preMean())),
                    number(Formats.number(r.postMean())), number(Formats.signed(r.absoluteEffect())),
                    number(Formats.percent(r.relativeEffect())), number(interval(r)),
                    number(Formats.number(r.pValue())), number(Long.toString(r.controlCount())),
                    cell(tagged(r.verdict())), number(Integer.toString(r.revision()))));
        }
        body.append("</table>\n");
        body.append(IntervalChart.render("Effects with their intervals", rows.stream()
                .map(r -> new IntervalChart.Interval(r.kpiId() + " " + scope(r) + " " + r.method(),
                        r.absoluteEffect(), r.intervalLower(), r.intervalUpper())).toList())).append('\n');
    }

    private static void treatedVsControl(StringBuilder body, InitiativeDetails i, String kpiId, int index,
            List<GroupPoint> points) {
        body.append("<h2>").append(Html.escape(kpiId)).append(": treated vs control</h2>\n");
        if (points.isEmpty()) {
            body.append("<p class=\"note\">No values for objects the initiative names as treated or control.</p>\n");
            return;
        }
        List<LineChart.Series> series = List.of(GroupPoint.TREATED, GroupPoint.CONTROL).stream()
                .map(group -> new LineChart.Series(group, points.stream().filter(p -> p.group().equals(group))
                        .map(p -> new LineChart.Point(p.windowStart(), p.meanValue())).toList()))
                .filter(s -> !s.points().isEmpty()).toList();
        body.append(LineChart.render(kpiId + " treated vs control", series,
                List.of(new LineChart.Marker(i.startTime(), i.initiativeId())))).append('\n');
        body.append("<table id=\"groups-").append(index).append("\">")
                .append(headerRow("Group", "Window start", "Mean value", "Objects"));
        for (GroupPoint p : points) {
            body.append(row(text(p.group()), text(Formats.time(p.windowStart())), number(Formats.number(p.meanValue())),
                    number(Long.toString(p.objects()))));
        }
        body.append("</table>\n");
    }

    private static String scope(ImpactRow r) {
        return r.object().map(o -> o.toString()).orElse("treated group");
    }

    private static String interval(ImpactRow r) {
        return "[" + Formats.number(r.intervalLower()) + ", " + Formats.number(r.intervalUpper()) + "] ("
                + Formats.number(r.intervalLevel() * 100) + "%)";
    }
}
