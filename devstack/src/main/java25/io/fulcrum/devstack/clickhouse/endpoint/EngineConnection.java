package io.fulcrum.devstack.clickhouse.endpoint;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One connection to the ClickHouse engine in libchdb. A connection runs one statement at a time and keeps session
 * state (current database, settings), so {@link EnginePool} lends it to one request at a time and this class
 * re-applies the database each request asks for. Failures of the FFM calls are wrapped in IllegalStateException,
 * except JVM errors (an OutOfMemoryError above all), which pass unwrapped so that the handler can answer them.
 */
final class EngineConnection implements AutoCloseable {

    /** Chunk size for feeding a streaming insert: large enough to keep the call overhead negligible. */
    private static final int INSERT_CHUNK = 1 << 20;

    private static final int UNKNOWN_SETTING = 115;
    /** The largest byte[] a JVM allocates. */
    private static final long MAX_RESULT = Integer.MAX_VALUE - 8;
    private static final Pattern SETTING_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final Chdb chdb;
    private final MemorySegment handle; // chdb_connection*, what chdb_close_conn takes
    private final MemorySegment connection; // *handle, what every statement takes
    private String currentDatabase;

    private EngineConnection(Chdb chdb, MemorySegment handle) {
        this.chdb = chdb;
        this.handle = handle;
        this.connection = handle.reinterpret(ADDRESS.byteSize()).get(ADDRESS, 0);
    }

    /**
     * Connects to the engine. The first connection of the process boots it on the data directory; the engine
     * allows further connections to the same directory only.
     */
    static EngineConnection open(Chdb chdb, List<String> arguments) throws EngineError {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment argv = arena.allocate(ADDRESS, arguments.size());
            for (int i = 0; i < arguments.size(); i++) {
                argv.setAtIndex(ADDRESS, i, arena.allocateFrom(arguments.get(i)));
            }
            MemorySegment handle = (MemorySegment) chdb.connect.invoke(arguments.size(), argv);
            if (handle.equals(MemorySegment.NULL)) {
                throw new EngineError(EngineError.UNKNOWN_EXCEPTION,
                        "libchdb could not open a connection with " + arguments + " (see the log above)");
            }
            return new EngineConnection(chdb, handle);
        } catch (EngineError | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("chdb_connect failed", t);
        }
    }

    /** Makes {@code database} current unless it already is. */
    void useDatabase(String database) throws EngineError {
        if (!database.equals(currentDatabase)) {
            currentDatabase = null;
            query("USE " + Identifiers.quote(database), "TabSeparated", Map.of());
            currentDatabase = database;
        }
    }

    /**
     * Applies query-level settings for the next statement; {@link #resetSettings} undoes them. A connection's
     * settings otherwise stay at the engine's defaults, so resetting to DEFAULT restores what was there.
     */
    void applySettings(Map<String, String> settings) throws EngineError {
        if (!settings.isEmpty()) {
            checkSettingNames(settings.keySet());
            query(settings.entrySet().stream()
                    .map(e -> e.getKey() + " = " + stringLiteral(e.getValue()))
                    .collect(Collectors.joining(", ", "SET ", "")), "TabSeparated", Map.of());
        }
    }

    void resetSettings(Set<String> names) throws EngineError {
        if (!names.isEmpty()) {
            checkSettingNames(names);
            query(names.stream().map(n -> n + " = DEFAULT").collect(Collectors.joining(", ", "SET ", "")),
                    "TabSeparated", Map.of());
        }
    }

    /** Names go into SQL unquoted, so only identifiers pass; no ClickHouse setting is named otherwise. */
    private static void checkSettingNames(Set<String> names) throws EngineError {
        for (String name : names) {
            if (!SETTING_NAME.matcher(name).matches()) {
                throw new EngineError(UNKNOWN_SETTING, "Code: " + UNKNOWN_SETTING + ". DB::Exception: Unknown setting '"
                        + name + "' (a URL parameter that is not a query-level setting). (UNKNOWN_SETTING)");
            }
        }
    }

    private static String stringLiteral(String value) {
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    /** Forgets which database is current, after a statement that may have changed it. */
    void forgetDatabase() {
        currentDatabase = null;
    }

    /**
     * Runs one statement and returns its whole result in {@code format}; {@code params} bind the statement's
     * {@code {name:Type}} placeholders on the engine side.
     */
    QueryOutcome query(String sql, String format, Map<String, String> params) throws EngineError {
        try (Arena arena = Arena.ofConfined()) {
            byte[] sqlBytes = sql.getBytes(StandardCharsets.UTF_8);
            byte[] formatBytes = format.getBytes(StandardCharsets.UTF_8);
            MemorySegment sqlSeg = arena.allocateFrom(JAVA_BYTE, sqlBytes);
            MemorySegment formatSeg = arena.allocateFrom(JAVA_BYTE, formatBytes);
            MemorySegment result;
            if (params.isEmpty()) {
                result = (MemorySegment) chdb.queryN.invoke(connection, sqlSeg, (long) sqlBytes.length, formatSeg,
                        (long) formatBytes.length);
            } else {
                int n = params.size();
                MemorySegment names = arena.allocate(ADDRESS, n);
                MemorySegment nameLens = arena.allocate(JAVA_LONG, n);
                MemorySegment values = arena.allocate(ADDRESS, n);
                MemorySegment valueLens = arena.allocate(JAVA_LONG, n);
                int i = 0;
                for (Map.Entry<String, String> p : params.entrySet()) {
                    byte[] name = p.getKey().getBytes(StandardCharsets.UTF_8);
                    byte[] value = p.getValue().getBytes(StandardCharsets.UTF_8);
                    names.setAtIndex(ADDRESS, i, arena.allocateFrom(JAVA_BYTE, name));
                    nameLens.setAtIndex(JAVA_LONG, i, name.length);
                    values.setAtIndex(ADDRESS, i, arena.allocateFrom(JAVA_BYTE, value));
                    valueLens.setAtIndex(JAVA_LONG, i, value.length);
                    i++;
                }
                result = (MemorySegment) chdb.queryWithParamsN.invoke(connection, sqlSeg, (long) sqlBytes.length,
                        formatSeg, (long) formatBytes.length, names, nameLens, values, valueLens, (long) n);
            }
            return outcome(result);
        } catch (EngineError | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("libchdb query call failed", t);
        }
    }

    /**
     * Streams {@code data} in {@code format} into the table of {@code insertSql} ({@code INSERT INTO t [(cols)]}
     * without FORMAT): the engine parses the data as it arrives, so a large body is never held whole.
     */
    QueryOutcome insert(String insertSql, String format, InputStream data) throws EngineError, IOException {
        MemorySegment stream;
        try (Arena arena = Arena.ofConfined()) {
            byte[] sqlBytes = insertSql.getBytes(StandardCharsets.UTF_8);
            byte[] formatBytes = format.getBytes(StandardCharsets.UTF_8);
            stream = (MemorySegment) chdb.streamInsertN.invoke(connection, arena.allocateFrom(JAVA_BYTE, sqlBytes),
                    (long) sqlBytes.length, arena.allocateFrom(JAVA_BYTE, formatBytes), (long) formatBytes.length);
        } catch (Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("chdb_stream_insert_n failed", t);
        }
        try {
            throwIfFailed(stream);
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment chunk = arena.allocate(INSERT_CHUNK);
                byte[] buffer = new byte[INSERT_CHUNK];
                int n;
                while ((n = data.readNBytes(buffer, 0, INSERT_CHUNK)) > 0) {
                    MemorySegment.copy(buffer, 0, chunk, JAVA_BYTE, 0, n);
                    int state = (int) chdb.streamAppend.invoke(stream, chunk, (long) n);
                    if (state != 0) {
                        throwIfFailed(stream);
                        throw new EngineError(EngineError.UNKNOWN_EXCEPTION, "the engine refused insert data");
                    }
                }
            }
            return outcome((MemorySegment) chdb.streamDone.invoke(stream));
        } catch (EngineError | IOException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("libchdb streaming insert call failed", t);
        } finally {
            try {
                chdb.destroyInsertStream.invoke(stream);
            } catch (Error e) {
                throw e;
            } catch (Throwable t) {
                throw new IllegalStateException("chdb_destroy_insert_stream failed", t);
            }
        }
    }

    private void throwIfFailed(MemorySegment stream) throws Throwable {
        String error = Chdb.string((MemorySegment) chdb.streamInsertError.invoke(stream));
        if (error != null && !error.isEmpty()) {
            throw EngineError.fromMessage(error);
        }
    }

    private QueryOutcome outcome(MemorySegment result) throws Throwable {
        if (result.equals(MemorySegment.NULL)) {
            throw new EngineError(EngineError.UNKNOWN_EXCEPTION, "libchdb returned no result");
        }
        try {
            String error = Chdb.string((MemorySegment) chdb.resultError.invoke(result));
            if (error != null && !error.isEmpty()) {
                throw EngineError.fromMessage(error);
            }
            long length = (long) chdb.resultLength.invoke(result);
            if (length > MAX_RESULT) {
                throw new OutOfMemoryError("a result of " + length + " bytes exceeds the largest Java array");
            }
            MemorySegment buffer = (MemorySegment) chdb.resultBuffer.invoke(result);
            byte[] output = length == 0 || buffer.equals(MemorySegment.NULL)
                    ? new byte[0]
                    : buffer.reinterpret(length).toArray(JAVA_BYTE);
            return new QueryOutcome(
                    output,
                    (long) chdb.resultRowsRead.invoke(result),
                    (long) chdb.resultBytesRead.invoke(result),
                    (long) chdb.resultStorageRowsRead.invoke(result),
                    (long) chdb.resultStorageBytesRead.invoke(result),
                    (long) chdb.resultRowsWritten.invoke(result),
                    (long) chdb.resultBytesWritten.invoke(result),
                    (long) ((double) chdb.resultElapsed.invoke(result) * 1e9));
        } finally {
            chdb.destroyQueryResult.invoke(result);
        }
    }

    @Override
    public void close() {
        try {
            chdb.closeConn.invoke(handle);
        } catch (Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("chdb_close_conn failed", t);
        }
    }
}
