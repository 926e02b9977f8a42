package io.fulcrum.connect.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.connect.clickhouse.internal.SqlScript;
import org.junit.jupiter.api.Test;

class SqlScriptTest {

    @Test
    void splitsAtSemicolonsOutsideQuotesAndComments() {
        String script = "-- a comment; not a statement\n"
                + "CREATE TABLE t (s String DEFAULT 'a;b', q String DEFAULT 'it\\'s;') ENGINE = Log;\n"
                + "/* block; comment */ SELECT `we;ird` FROM t;\n"
                + "  ;\n"
                + "-- trailing comment only\n"
                + "SELECT \"x;y\"";
        assertThat(SqlScript.statements(script)).containsExactly(
                "-- a comment; not a statement\nCREATE TABLE t (s String DEFAULT 'a;b', q String DEFAULT 'it\\'s;') "
                        + "ENGINE = Log",
                "/* block; comment */ SELECT `we;ird` FROM t",
                "-- trailing comment only\nSELECT \"x;y\"");
    }

    @Test
    void commentOnlyAndEmptyScriptsHaveNoStatements() {
        assertThat(SqlScript.statements("-- nothing;\n/* here; */\n ; ;")).isEmpty();
        assertThat(SqlScript.statements("")).isEmpty();
    }
}
