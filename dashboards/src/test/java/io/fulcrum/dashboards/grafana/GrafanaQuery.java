package io.fulcrum.dashboards.grafana;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A SQL query of a Grafana dashboard JSON, with where it sits: a panel, an annotation or a template variable. */
record GrafanaQuery(String source, String sql) {

    /** Every query of the dashboard: panel targets, annotation targets, query variables, in file order. */
    static List<GrafanaQuery> of(Path dashboardJson) throws IOException {
        JsonNode root = new ObjectMapper().readTree(dashboardJson.toFile());
        List<GrafanaQuery> queries = new ArrayList<>();
        for (JsonNode variable : root.path("templating").path("list")) {
            if (variable.path("type").asText().equals("query")) {
                queries.add(new GrafanaQuery("variable " + variable.path("name").asText(),
                        variable.path("query").asText()));
            }
        }
        for (JsonNode annotation : root.path("annotations").path("list")) {
            if (annotation.has("target")) {
                queries.add(new GrafanaQuery("annotation " + annotation.path("name").asText(),
                        annotation.path("target").path("rawSql").asText()));
            }
        }
        for (JsonNode panel : root.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                queries.add(new GrafanaQuery("panel " + panel.path("title").asText() + " " + target.path("refId")
                        .asText(), target.path("rawSql").asText()));
            }
        }
        return queries;
    }
}
