package io.fulcrum.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code fulcrum impact} on California's Proposition 99 against Arkhangelsky et al. (2021), AER, Table 1:
 * DiD -27.3, synthetic control -19.6, synthetic DiD -15.6 packs per capita.
 */
class ImpactCommandTest {

    private static final String PROP99 = Path.of(System.getProperty("fulcrum.shared.dir"), "datasets",
            "california_prop99.csv").toString();

    private record Run(int exitCode, String out, String err) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new Fulcrum());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void jsonHasOneObjectPerMethodMatchingThePublishedEstimates() throws Exception {
        Run run = run("impact", "--panel", PROP99, "--delimiter", ";", "--object-col", "State", "--period-col", "Year",
                "--value-col", "PacksPerCapita", "--treated", "California", "--start", "1989", "--json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode scope = new ObjectMapper().readTree(run.out()).get("scopes").get(0);
        assertThat(scope.get("scope").asText()).isEqualTo("California");
        Map<String, JsonNode> byMethod = new HashMap<>();
        scope.get("estimates").forEach(e -> byMethod.put(e.get("method").asText(), e));
        assertThat(byMethod).containsOnlyKeys("pre_post_welch", "did", "synthetic_control", "synthetic_did");
        assertThat(byMethod.get("did").get("effect").asDouble()).isCloseTo(-27.3, within(0.1));
        assertThat(byMethod.get("synthetic_control").get("effect").asDouble()).isCloseTo(-19.6, within(1.0));
        assertThat(byMethod.get("synthetic_did").get("effect").asDouble()).isCloseTo(-15.6, within(1.0));
        for (JsonNode e : byMethod.values()) {
            double effect = e.get("effect").asDouble();
            assertThat(e.get("lower").asDouble()).isLessThan(effect);
            assertThat(e.get("upper").asDouble()).isGreaterThan(effect);
            assertThat(e.get("pValue").asDouble()).isBetween(0.0, 1.0);
            assertThat(e.get("prePeriods").asInt()).isEqualTo(19);
            assertThat(e.get("postPeriods").asInt()).isEqualTo(12);
            assertThat(e.get("cumulativeEffect").asDouble()).isCloseTo(12 * effect, within(1e-9));
        }
        assertThat(byMethod.get("did").get("controls").asInt()).isEqualTo(38);
        assertThat(scope.get("changePoint").get("period").asLong()).isEqualTo(1989);
    }

    @Test
    void tableNamesEveryMethod() {
        Run run = run("impact", "--panel", PROP99, "--delimiter", ";", "--object-col", "State", "--period-col", "Year",
                "--value-col", "PacksPerCapita", "--treated", "California", "--start", "1989",
                "--direction", "LOWER_IS_BETTER");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).startsWith("Impact on California (start 1989, ramp-up 0 periods, lower is better)")
                .containsPattern("\\ndid +-27\\.349 ")
                .containsPattern("\\nsynthetic_did +-15\\.60\\d ")
                .containsPattern("\\npre_post_welch +-55\\.861 .* improving\\n");
    }

    @Test
    void anUnknownTreatedObjectIsAClearError() {
        Run run = run("impact", "--panel", PROP99, "--delimiter", ";", "--object-col", "State", "--period-col", "Year",
                "--value-col", "PacksPerCapita", "--treated", "Calfornia", "--start", "1989");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("Treated object 'Calfornia' has no row in " + PROP99
                + " (column 'State'); check --treated and --object-col");
    }
}
