package io.fulcrum.dashboards.board;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HtmlTest {

    @Test
    void escapesTheFiveSpecialCharacters() {
        assertThat(Html.escape("<a href=\"x\">Tom's & Jerry</a>"))
                .isEqualTo("&lt;a href=&quot;x&quot;&gt;Tom&#39;s &amp; Jerry&lt;/a&gt;");
    }

    @Test
    void linksEncodeTheIdForTheUrlThenEscapeForHtml() {
        assertThat(Html.link("/kpi", "a&b <c>", "a&b <c>"))
                .isEqualTo("<a href=\"/kpi?id=a%26b+%3Cc%3E\">a&amp;b &lt;c&gt;</a>");
    }

    @Test
    void pageTitleIsEscapedAndPageHasNoScript() {
        String page = Html.page("KPI <x>", "<p>body</p>");
        assertThat(page).contains("<title>KPI &lt;x&gt; - Fulcrum</title>", "<h1>KPI &lt;x&gt;</h1>")
                .doesNotContain("<script");
    }
}
