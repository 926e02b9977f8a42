package io.fulcrum.connect.clickhouse;

import java.io.Serializable;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How Fulcrum's tables are laid out on the server: on a single node (what tests and the demo run), or on a
 * ClickHouse cluster with replicated storage tables and Distributed tables in front of them. Both are rendered
 * from the same migration files, which mark the places that differ:
 *
 * <table>
 *   <caption>Placeholders of the migration files</caption>
 *   <tr><th>placeholder</th><th>single node</th><th>cluster {@code c}</th></tr>
 *   <tr><td>{@code {{ON_CLUSTER}}}</td><td>nothing</td><td>{@code  ON CLUSTER 'c'}</td></tr>
 *   <tr><td>{@code {{LOCAL:t}}}</td><td>{@code t}</td><td>{@code t_local}, the storage table on each node</td></tr>
 *   <tr><td>{@code {{ENGINE:XMergeTree(args)}}}</td><td>{@code XMergeTree(args)}</td>
 *       <td>{@code ReplicatedXMergeTree('/clickhouse/tables/{shard}/{database}/{table}', '{replica}', args)}</td></tr>
 *   <tr><td>{@code {{GLOBAL_ENGINE:XMergeTree(args)}}}</td><td>{@code XMergeTree(args)}</td>
 *       <td>as ENGINE, but one replica set over all shards (path without {@code {shard}})</td></tr>
 *   <tr><td>{@code {{DISTRIBUTED:t:key}}}</td><td>nothing (an empty statement)</td>
 *       <td>{@code CREATE TABLE IF NOT EXISTS t ON CLUSTER 'c' AS t_local ENGINE = Distributed('c',
 *       currentDatabase(), 't_local', key)}</td></tr>
 * </table>
 *
 * <p>The cluster layout expects the macros {@code {shard}} and {@code {replica}} in each server's configuration and
 * ClickHouse Keeper (or ZooKeeper) for the replicated engines.
 */
public final class DdlLayout implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([A-Z_]+)(?::([^}]*))?}}");
    private static final Pattern CLUSTER_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_\\-]*");
    private static final Pattern MERGE_TREE = Pattern.compile("\\s*([A-Za-z]*MergeTree)\\s*(?:\\((.*)\\))?\\s*");
    private static final String LOCAL_SUFFIX = "_local";

    private final String clusterName; // null for a single node

    private DdlLayout(String clusterName) {
        this.clusterName = clusterName;
    }

    public static DdlLayout singleNode() {
        return new DdlLayout(null);
    }

    /**
     * @param clusterName a cluster of the servers' {@code remote_servers} configuration
     * @throws IllegalArgumentException when the name is not a plain identifier
     */
    public static DdlLayout cluster(String clusterName) {
        Objects.requireNonNull(clusterName, "clusterName can't be null");
        if (!CLUSTER_NAME.matcher(clusterName).matches()) {
            throw new IllegalArgumentException("ClickHouse cluster name '" + clusterName + "' is not a plain name: "
                    + "use letters, digits, '_' and '-' as in the servers' remote_servers configuration");
        }
        return new DdlLayout(clusterName);
    }

    public Optional<String> clusterName() {
        return Optional.ofNullable(clusterName);
    }

    /**
     * The SQL of a template with every placeholder replaced for this layout.
     *
     * @param source names the template in errors (a migration file name)
     * @throws IllegalArgumentException naming the source and the placeholder when one is unknown or malformed
     */
    public String render(String template, String source) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder(template.length() + 64);
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(expand(m.group(1), m.group(2), source, m.group())));
        }
        m.appendTail(out);
        return out.toString();
    }

    private String expand(String name, String argument, String source, String placeholder) {
        switch (name) {
            case "ON_CLUSTER":
                return clusterName == null ? "" : " ON CLUSTER '" + clusterName + "'";
            case "LOCAL":
                return storageTable(required(argument, source, placeholder));
            case "ENGINE":
                return engine(required(argument, source, placeholder), true, source, placeholder);
            case "GLOBAL_ENGINE":
                return engine(required(argument, source, placeholder), false, source, placeholder);
            case "DISTRIBUTED":
                return distributed(required(argument, source, placeholder), source, placeholder);
            default:
                throw new IllegalArgumentException(source + ": unknown placeholder " + placeholder
                        + "; known are {{ON_CLUSTER}}, {{LOCAL:table}}, {{ENGINE:engine}}, {{GLOBAL_ENGINE:engine}}"
                        + " and {{DISTRIBUTED:table:sharding key}}");
        }
    }

    private String storageTable(String table) {
        return clusterName == null ? table.trim() : table.trim() + LOCAL_SUFFIX;
    }

    private String engine(String engine, boolean perShard, String source, String placeholder) {
        if (clusterName == null) {
            return engine.trim();
        }
        Matcher m = MERGE_TREE.matcher(engine);
        if (!m.matches()) {
            throw new IllegalArgumentException(source + ": " + placeholder + " names no MergeTree-family engine; "
                    + "only those have a Replicated variant");
        }
        String path = perShard ? "/clickhouse/tables/{shard}/{database}/{table}" : "/clickhouse/tables/all/{database}/{table}";
        String args = m.group(2) == null || m.group(2).isBlank() ? "" : ", " + m.group(2).trim();
        return "Replicated" + m.group(1) + "('" + path + "', '{replica}'" + args + ")";
    }

    private String distributed(String argument, String source, String placeholder) {
        int colon = argument.indexOf(':');
        if (colon <= 0 || colon == argument.length() - 1) {
            throw new IllegalArgumentException(source + ": " + placeholder + " needs a table and a sharding key, "
                    + "as {{DISTRIBUTED:kpi_values:cityHash64(object_id)}}");
        }
        if (clusterName == null) {
            return "";
        }
        String table = argument.substring(0, colon).trim();
        String key = argument.substring(colon + 1).trim();
        String local = storageTable(table);
        return "CREATE TABLE IF NOT EXISTS " + table + " ON CLUSTER '" + clusterName + "' AS " + local
                + " ENGINE = Distributed('" + clusterName + "', currentDatabase(), '" + local + "', " + key + ")";
    }

    private static String required(String argument, String source, String placeholder) {
        if (argument == null || argument.isBlank()) {
            throw new IllegalArgumentException(source + ": placeholder " + placeholder + " needs an argument after ':'");
        }
        return argument;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DdlLayout && Objects.equals(clusterName, ((DdlLayout) o).clusterName);
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(clusterName);
    }

    @Override
    public String toString() {
        return clusterName == null ? "single node" : "cluster '" + clusterName + "'";
    }
}
