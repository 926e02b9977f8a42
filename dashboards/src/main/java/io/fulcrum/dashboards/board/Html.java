package io.fulcrum.dashboards.board;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * HTML text building for the board's pages. Everything that comes from the database passes {@link #escape}, in
 * element text and attribute values alike.
 */
final class Html {

    private static final String STYLE = "body{font-family:system-ui,sans-serif;font-size:14px;margin:1.5em;color:#222}"
            + "table{border-collapse:collapse;margin:.5em 0 1.5em}th,td{border:1px solid #ccc;padding:.2em .5em;"
            + "text-align:left;white-space:nowrap}td.n{text-align:right}th{background:#f3f3f3}h2{margin-top:1.5em}"
            + ".IMPROVED{color:#1a7f37}.WORSENED{color:#cf222e}.CRITICAL{color:#cf222e;font-weight:bold}"
            + "svg{background:#fafafa;border:1px solid #ddd}nav a{margin-right:1em}.note{color:#666}";

    private Html() {}

    /** Escapes the five characters that can end text or an attribute value. */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** A link to a board page with one query parameter, escaped for both URL and HTML. */
    static String link(String path, String id, String text) {
        return "<a href=\"" + escape(path + "?id=" + URLEncoder.encode(id, StandardCharsets.UTF_8)) + "\">"
                + escape(text) + "</a>";
    }

    /** A whole page: title, navigation, body (already HTML). No script, no external resource. */
    static String page(String title, String body) {
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + escape(title)
                + " - Fulcrum</title><style>" + STYLE + "</style></head><body>"
                + "<nav><a href=\"/\">Fulcrum board</a></nav><h1>" + escape(title) + "</h1>\n" + body
                + "</body></html>\n";
    }

    /** A header row of plain-text column names. */
    static String headerRow(String... names) {
        StringBuilder out = new StringBuilder("<tr>");
        for (String name : names) {
            out.append("<th>").append(escape(name)).append("</th>");
        }
        return out.append("</tr>\n").toString();
    }

    /** A row of cells made by {@link #text}, {@link #number} or {@link #cell}. */
    static String row(String... cells) {
        return "<tr>" + String.join("", cells) + "</tr>\n";
    }

    /** A cell of plain text. */
    static String text(String text) {
        return "<td>" + escape(text) + "</td>";
    }

    /** A right-aligned cell of plain text. */
    static String number(String text) {
        return "<td class=\"n\">" + escape(text) + "</td>";
    }

    /** A cell of HTML built by this class (a link, a styled span). */
    static String cell(String html) {
        return "<td>" + html + "</td>";
    }

    /** Text in a span whose class is the text itself (verdicts, severities), for colour. */
    static String tagged(String text) {
        return "<span class=\"" + escape(text) + "\">" + escape(text) + "</span>";
    }
}
