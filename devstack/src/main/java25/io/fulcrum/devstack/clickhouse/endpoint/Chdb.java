package io.fulcrum.devstack.clickhouse.endpoint;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;

/**
 * The C API of libchdb (the ClickHouse engine as an in-process library, header {@code chdb.h} of the chDB
 * project), bound with the FFM API. Only the functions the endpoint calls are bound; {@code size_t} and
 * {@code uint64_t} are {@code long} on the 64-bit Linux this runs on.
 *
 * <p>Pointers stay raw {@link MemorySegment}s here; {@link EngineConnection} owns their life cycle.
 */
final class Chdb {

    private static final MemoryLayout SIZE_T = JAVA_LONG;

    final MethodHandle setSignalHandlersEnabled;
    final MethodHandle connect;
    final MethodHandle closeConn;
    final MethodHandle queryN;
    final MethodHandle queryWithParamsN;
    final MethodHandle resultBuffer;
    final MethodHandle resultLength;
    final MethodHandle resultElapsed;
    final MethodHandle resultRowsRead;
    final MethodHandle resultBytesRead;
    final MethodHandle resultStorageRowsRead;
    final MethodHandle resultStorageBytesRead;
    final MethodHandle resultRowsWritten;
    final MethodHandle resultBytesWritten;
    final MethodHandle resultError;
    final MethodHandle destroyQueryResult;
    final MethodHandle streamInsertN;
    final MethodHandle streamAppend;
    final MethodHandle streamDone;
    final MethodHandle streamInsertError;
    final MethodHandle destroyInsertStream;
    final MethodHandle version;

    private Chdb(SymbolLookup lib) {
        Linker linker = Linker.nativeLinker();
        Binder b = (name, descriptor) -> linker.downcallHandle(
                lib.find(name).orElseThrow(() -> new IllegalStateException(
                        "libchdb has no symbol " + name + "; the endpoint needs libchdb 26.7")),
                descriptor);
        setSignalHandlersEnabled = b.bind("chdb_set_signal_handlers_enabled", FunctionDescriptor.ofVoid(JAVA_INT));
        connect = b.bind("chdb_connect", FunctionDescriptor.of(ADDRESS, JAVA_INT, ADDRESS));
        closeConn = b.bind("chdb_close_conn", FunctionDescriptor.ofVoid(ADDRESS));
        queryN = b.bind("chdb_query_n", FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS, SIZE_T, ADDRESS, SIZE_T));
        queryWithParamsN = b.bind("chdb_query_with_params_n", FunctionDescriptor.of(ADDRESS,
                ADDRESS, ADDRESS, SIZE_T, ADDRESS, SIZE_T, ADDRESS, ADDRESS, ADDRESS, ADDRESS, SIZE_T));
        resultBuffer = b.bind("chdb_result_buffer", FunctionDescriptor.of(ADDRESS, ADDRESS));
        resultLength = b.bind("chdb_result_length", FunctionDescriptor.of(SIZE_T, ADDRESS));
        resultElapsed = b.bind("chdb_result_elapsed", FunctionDescriptor.of(JAVA_DOUBLE, ADDRESS));
        resultRowsRead = b.bind("chdb_result_rows_read", FunctionDescriptor.of(JAVA_LONG, ADDRESS));
        resultBytesRead = b.bind("chdb_result_bytes_read", FunctionDescriptor.of(JAVA_LONG, ADDRESS));
        resultStorageRowsRead = b.bind("chdb_result_storage_rows_read", FunctionDescriptor.of(JAVA_LONG, ADDRESS));
        resultStorageBytesRead = b.bind("chdb_result_storage_bytes_read", FunctionDescriptor.of(JAVA_LONG, ADDRESS));
        resultRowsWritten = b.bind("chdb_result_rows_written", FunctionDescriptor.of(JAVA_LONG, ADDRESS));
        resultBytesWritten = b.bind("chdb_result_bytes_written", FunctionDescriptor.of(JAVA_LONG, ADDRESS));
        resultError = b.bind("chdb_result_error", FunctionDescriptor.of(ADDRESS, ADDRESS));
        destroyQueryResult = b.bind("chdb_destroy_query_result", FunctionDescriptor.ofVoid(ADDRESS));
        streamInsertN = b.bind("chdb_stream_insert_n",
                FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS, SIZE_T, ADDRESS, SIZE_T));
        streamAppend = b.bind("chdb_stream_append", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, SIZE_T));
        streamDone = b.bind("chdb_stream_done", FunctionDescriptor.of(ADDRESS, ADDRESS));
        streamInsertError = b.bind("chdb_stream_insert_error", FunctionDescriptor.of(ADDRESS, ADDRESS));
        destroyInsertStream = b.bind("chdb_destroy_insert_stream", FunctionDescriptor.ofVoid(ADDRESS));
        version = b.bind("chdb_version", FunctionDescriptor.of(ADDRESS));
    }

    /** Loads the library for the life of the process (libchdb cannot be unloaded safely). */
    static Chdb load(Path library) {
        return new Chdb(SymbolLookup.libraryLookup(library, Arena.global()));
    }

    /**
     * Keeps the engine from installing process-wide signal handlers: the JVM handles signals itself (it uses
     * SIGSEGV for its own purposes), so this must run before the first connection.
     */
    void disableSignalHandlers() {
        try {
            setSignalHandlersEnabled.invoke(0);
        } catch (Throwable t) {
            throw new IllegalStateException("chdb_set_signal_handlers_enabled failed", t);
        }
    }

    /** A C string returned by the library as a Java string, or null for NULL. */
    static String string(MemorySegment cString) {
        if (cString.equals(MemorySegment.NULL)) {
            return null;
        }
        return cString.reinterpret(Long.MAX_VALUE).getString(0);
    }

    @FunctionalInterface
    private interface Binder {
        MethodHandle bind(String name, FunctionDescriptor descriptor);
    }
}
