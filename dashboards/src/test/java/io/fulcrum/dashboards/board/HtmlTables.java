package io.fulcrum.dashboards.board;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads what a reader sees in a board table: each data row's cell texts, tags stripped and entities decoded. */
final class HtmlTables {

    private static final Pattern ROW = Pattern.compile("<tr>(.*?)</tr>", Pattern.DOTALL);
    private static final Pattern CELL = Pattern.compile("<td[^>]*>(.*?)</td>", Pattern.DOTALL);

    private HtmlTables() {}

    /** The rows of the table with this id, cells joined by " | "; header rows (no td) are left out. */
    static List<String> rows(String html, String id) {
        int start = html.indexOf("<table id=\"" + id + "\">");
        if (start < 0) {
            throw new AssertionError("no table with id '" + id + "' in:\n" + html);
        }
        String table = html.substring(start, html.indexOf("</table>", start));
        List<String> rows = new ArrayList<>();
        Matcher row = ROW.matcher(table);
        while (row.find()) {
            Matcher cell = CELL.matcher(row.group(1));
            List<String> cells = new ArrayList<>();
            while (cell.find()) {
                cells.add(text(cell.group(1)));
            }
            if (!cells.isEmpty()) {
                rows.add(String.join(" | ", cells));
            }
        }
        return rows;
    }

    private static String text(String html) {
        return html.replaceAll("<[^>]*>", "").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"")
                .replace("&#39;", "'").replace("&amp;", "&");
    }
}
