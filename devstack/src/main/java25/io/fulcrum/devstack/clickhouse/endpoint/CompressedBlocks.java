package io.fulcrum.devstack.clickhouse.endpoint;

import com.clickhouse.data.ClickHouseCityHash;

/** Constants and byte order of ClickHouse's compressed block format, shared by its reader and writer. */
final class CompressedBlocks {

    static final int CHECKSUM_SIZE = 16;
    /** Method byte, compressed size (header included), uncompressed size. */
    static final int HEADER_SIZE = 9;
    static final byte METHOD_NONE = 0x02;
    static final byte METHOD_LZ4 = (byte) 0x82;

    private CompressedBlocks() {}

    /**
     * CityHash128 of a block (method byte onwards), as {low, high} 64-bit halves. ClickHouseCityHash is deprecated
     * in clickhouse-data as public API, but it is the CityHash v1.0.2 ClickHouse checksums blocks with, and the one
     * its Java client verifies them with.
     */
    @SuppressWarnings("deprecation")
    static long[] checksum(byte[] b, int offset, int length) {
        return ClickHouseCityHash.cityHash128(b, offset, length);
    }

    static void putIntLE(byte[] b, int at, int v) {
        b[at] = (byte) v;
        b[at + 1] = (byte) (v >>> 8);
        b[at + 2] = (byte) (v >>> 16);
        b[at + 3] = (byte) (v >>> 24);
    }

    static void putLongLE(byte[] b, int at, long v) {
        for (int i = 0; i < 8; i++) {
            b[at + i] = (byte) (v >>> (8 * i));
        }
    }

    static int getIntLE(byte[] b, int at) {
        return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8 | (b[at + 2] & 0xff) << 16 | (b[at + 3] & 0xff) << 24;
    }

    static long getLongLE(byte[] b, int at) {
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = (v << 8) | (b[at + i] & 0xff);
        }
        return v;
    }
}
