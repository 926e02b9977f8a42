package io.fulcrum.devstack.clickhouse.endpoint;

/** ClickHouse identifier quoting, for names the endpoint puts into SQL of its own (the request's database). */
final class Identifiers {

    private Identifiers() {}

    /** {@code name} as a back-quoted identifier, with back quotes and backslashes escaped. */
    static String quote(String name) {
        return "`" + name.replace("\\", "\\\\").replace("`", "\\`") + "`";
    }
}
