package io.fulcrum.devstack.clickhouse.endpoint;

import java.io.IOException;

/** A compressed request body the endpoint cannot read, with the ClickHouse error code a server would give it. */
final class CorruptBlockException extends IOException {

    static final int CHECKSUM_DOESNT_MATCH = 40;
    static final int UNKNOWN_COMPRESSION_METHOD = 89;
    static final int CANNOT_DECOMPRESS = 271;

    private final int code;

    CorruptBlockException(int code, String message) {
        super(message);
        this.code = code;
    }

    int code() {
        return code;
    }
}
