package io.fulcrum.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Option checks of {@code fulcrum board} that fail before any connection is tried. */
class BoardCommandTest {

    @Test
    void portOutOfRangeIsRefusedNamingTheOption() {
        StringWriter err = new StringWriter();
        int exit = run(err, "board", "--port", "70000");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).startsWith("--port must be between 1 and 65535, got 70000");
    }

    @Test
    void urlThatIsNotClickHouseIsRefusedWithTheExpectedForm() {
        StringWriter err = new StringWriter();
        int exit = run(err, "board", "--jdbc-url", "jdbc:postgresql://db/fulcrum");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).startsWith("--jdbc-url: ClickHouse JDBC URL 'jdbc:postgresql://db/fulcrum' is not "
                + "a clickhouse-jdbc URL: write it as jdbc:clickhouse://HOST:PORT/DATABASE");
    }

    @Test
    void defaultsAreTheEmbeddedStacksClickHouseAndLoopback() {
        BoardCommand command = new BoardCommand();
        new CommandLine(command).parseArgs();

        assertThat(command.port).isEqualTo(8088);
        assertThat(command.host).isEqualTo("127.0.0.1");
        assertThat(command.jdbcUrl).isEqualTo("jdbc:clickhouse://127.0.0.1:8123/default");
    }

    static int run(StringWriter err, String... args) {
        CommandLine cli = new CommandLine(new Fulcrum());
        cli.setErr(new PrintWriter(err, true));
        cli.setOut(new PrintWriter(new StringWriter(), true));
        return cli.execute(args);
    }
}
