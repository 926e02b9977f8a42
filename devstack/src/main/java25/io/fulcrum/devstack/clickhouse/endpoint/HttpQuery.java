package io.fulcrum.devstack.clickhouse.endpoint;

import com.sun.net.httpserver.Headers;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * What one request to the ClickHouse HTTP interface asks for, read from its URL parameters and headers the way a
 * ClickHouse server reads them (a URL parameter wins over the equivalent {@code X-ClickHouse-*} header).
 *
 * @param queryId the client's query id, or a new one
 * @param database the database the statement runs in
 * @param outputFormat the format of the result unless the statement names one
 * @param urlQuery the {@code query} URL parameter, or null when the statement is the body
 * @param compressResponse {@code compress=1}: answer in compressed blocks
 * @param decompressRequest {@code decompress=1}: the body comes in compressed blocks
 * @param statementParams {@code param_<name>} values bound to the statement's {@code {name:Type}} placeholders
 * @param settings the other URL parameters: query-level settings for this statement only
 */
record HttpQuery(
        String queryId,
        String database,
        String outputFormat,
        String urlQuery,
        boolean compressResponse,
        boolean decompressRequest,
        Map<String, String> statementParams,
        Map<String, String> settings) {

    static final String DEFAULT_FORMAT = "TabSeparated";

    /** Parameters that ClickHouse's HTTP handler takes for itself rather than as settings of the query. */
    private static final Set<String> PROTOCOL_PARAMS = Set.of("query", "query_id", "database", "default_format",
            "compress", "decompress", "user", "password", "quota_key", "stacktrace", "role", "session_id",
            "session_timeout", "session_check", "close_session", "client_protocol_version", "buffer_size",
            "wait_end_of_query");

    static HttpQuery of(URI uri, Headers headers) {
        Map<String, String> params = urlParameters(uri.getRawQuery());
        Map<String, String> statementParams = new LinkedHashMap<>();
        Map<String, String> settings = new TreeMap<>();
        params.forEach((k, v) -> {
            if (k.startsWith("param_")) {
                statementParams.put(k.substring("param_".length()), v);
            } else if (!PROTOCOL_PARAMS.contains(k)) {
                settings.put(k, v);
            }
        });
        return new HttpQuery(
                firstOf(params.get("query_id"), headers.getFirst("X-ClickHouse-Query-Id"), UUID.randomUUID().toString()),
                firstOf(params.get("database"), headers.getFirst("X-ClickHouse-Database"), "default"),
                firstOf(params.get("default_format"), headers.getFirst("X-ClickHouse-Format"), DEFAULT_FORMAT),
                params.get("query"),
                "1".equals(params.get("compress")),
                "1".equals(params.get("decompress")),
                Map.copyOf(statementParams),
                Map.copyOf(settings));
    }

    private static String firstOf(String a, String b, String fallback) {
        if (a != null && !a.isEmpty()) {
            return a;
        }
        if (b != null && !b.isEmpty()) {
            return b;
        }
        return fallback;
    }

    private static Map<String, String> urlParameters(String rawQuery) {
        Map<String, String> params = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return params;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            params.put(key, value);
        }
        return params;
    }
}
