package io.fulcrum.dashboards.board;

import static io.fulcrum.dashboards.board.Html.cell;
import static io.fulcrum.dashboards.board.Html.headerRow;
import static io.fulcrum.dashboards.board.Html.number;
import static io.fulcrum.dashboards.board.Html.row;
import static io.fulcrum.dashboards.board.Html.tagged;
import static io.fulcrum.dashboards.board.Html.text;

import io.fulcrum.dashboards.query.DeadLetterCount;
import io.fulcrum.dashboards.query.InitiativeVerdict;
import io.fulcrum.dashboards.query.KpiSummary;
import io.fulcrum.dashboards.query.OpenAlert;
import io.fulcrum.dashboards.query.ReaderQueries;
import java.sql.SQLException;
import java.util.List;

/** The board's front page: KPIs, initiatives with their latest verdicts, open alerts, dead letters. */
final class OverviewPage {

    private OverviewPage() {}

    static String render(ReaderQueries reader) throws SQLException {
        StringBuilder body = new StringBuilder();
        kpis(body, reader.kpis());
        initiatives(body, reader.initiativeVerdicts());
        alerts(body, reader.openAlerts());
        deadLetters(body, reader.deadLettersByReason());
        return Html.page("Overview", body.toString());
    }

    private static void kpis(StringBuilder body, List<KpiSummary> kpis) {
        body.append("<h2>KPIs</h2>\n");
        if (kpis.isEmpty()) {
            body.append("<p class=\"note\">No KPI values yet.</p>\n");
            return;
        }
        body.append("<table id=\"kpis\">").append(headerRow("KPI", "Objects", "Windows", "Latest window end"));
        for (KpiSummary k : kpis) {
            body.append(row(cell(Html.link("/kpi", k.kpiId(), k.kpiId())), number(Long.toString(k.objects())),
                    number(Long.toString(k.windows())), text(Formats.time(k.latestWindowEnd()))));
        }
        body.append("</table>\n");
    }

    private static void initiatives(StringBuilder body, List<InitiativeVerdict> verdicts) {
        body.append("<h2>Initiatives</h2>\n");
        if (verdicts.isEmpty()) {
            body.append("<p class=\"note\">No initiatives yet.</p>\n");
            return;
        }
        body.append("<table id=\"initiatives\">").append(headerRow("Initiative", "Title", "Owner", "Status",
                "Start", "KPI", "Method", "Effect", "Relative", "p-value", "Verdict"));
        for (InitiativeVerdict v : verdicts) {
            String[] estimate = v.estimate().map(e -> new String[] {text(e.kpiId()), text(e.method()),
                    number(Formats.signed(e.absoluteEffect())), number(Formats.percent(e.relativeEffect())),
                    number(Formats.number(e.pValue())), cell(tagged(e.verdict()))})
                    .orElse(new String[] {text(Formats.NONE), text(Formats.NONE), number(Formats.NONE),
                            number(Formats.NONE), number(Formats.NONE), text("no estimate yet")});
            body.append(row(cell(Html.link("/initiative", v.initiativeId(), v.initiativeId())), text(v.title()),
                    text(v.owner()), text(v.status()), text(Formats.time(v.startTime())), estimate[0], estimate[1],
                    estimate[2], estimate[3], estimate[4], estimate[5]));
        }
        body.append("</table>\n");
    }

    private static void alerts(StringBuilder body, List<OpenAlert> alerts) {
        body.append("<h2>Open alerts</h2>\n");
        if (alerts.isEmpty()) {
            body.append("<p class=\"note\">No open alerts.</p>\n");
            return;
        }
        body.append("<table id=\"alerts\">").append(headerRow("Severity", "Alert", "KPI", "Object", "Window",
                "Observed", "Expected", "Expected range", "State", "Flapping", "Opened", "Updated", "Initiatives",
                "Why"));
        for (OpenAlert a : alerts) {
            String range = a.expectedLower().isEmpty() && a.expectedUpper().isEmpty() ? Formats.NONE
                    : Formats.number(a.expectedLower()) + " .. " + Formats.number(a.expectedUpper());
            body.append(row(cell(tagged(a.severity())), text(a.alertId()),
                    cell(Html.link("/kpi", a.kpiId(), a.kpiId())), text(a.object().toString()),
                    text(Formats.time(a.windowStart())), number(Formats.number(a.observedValue())),
                    number(Formats.number(a.expectedValue())), number(range), text(a.state()),
                    text(a.flapping() ? "flapping" : Formats.NONE),
                    text(Formats.time(a.openedAt())), text(Formats.time(a.updatedAt())),
                    text(String.join(", ", a.activeInitiatives())),
                    text(a.reason().isEmpty() ? Formats.NONE : a.reason())));
        }
        body.append("</table>\n");
    }

    private static void deadLetters(StringBuilder body, List<DeadLetterCount> counts) {
        body.append("<h2>Dead letters</h2>\n");
        if (counts.isEmpty()) {
            body.append("<p class=\"note\">No dead letters.</p>\n");
            return;
        }
        body.append("<table id=\"dead-letters\">").append(headerRow("Reason", "Topic", "Records", "First",
                "Last", "Latest message"));
        for (DeadLetterCount d : counts) {
            body.append(row(text(d.reasonCode()), text(d.sourceTopic()), number(Long.toString(d.records())),
                    text(Formats.time(d.firstFailedAt())), text(Formats.time(d.lastFailedAt())),
                    text(d.latestMessage())));
        }
        body.append("</table>\n");
    }
}
