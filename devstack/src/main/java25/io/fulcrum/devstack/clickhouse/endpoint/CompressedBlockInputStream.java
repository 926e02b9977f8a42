package io.fulcrum.devstack.clickhouse.endpoint;

import java.io.IOException;
import java.io.InputStream;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4FastDecompressor;

/**
 * Reads ClickHouse's compressed block format (what a client sends with {@code decompress=1}): verifies each
 * block's CityHash128 checksum and decompresses LZ4 (or passes through uncompressed) blocks; see
 * {@link CompressedBlockOutputStream} for the layout.
 */
final class CompressedBlockInputStream extends InputStream {

    /** ClickHouse refuses blocks above 1 GiB; so do we, rather than allocate what a corrupt header says. */
    private static final int MAX_BLOCK = 1 << 30;

    private static final LZ4FastDecompressor LZ4 = LZ4Factory.fastestInstance().fastDecompressor();

    private final InputStream in;
    private byte[] data = new byte[0];
    private int position;
    private int limit;

    CompressedBlockInputStream(InputStream in) {
        this.in = in;
    }

    @Override
    public int read() throws IOException {
        if (!fill()) {
            return -1;
        }
        return data[position++] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (!fill()) {
            return -1;
        }
        int n = Math.min(len, limit - position);
        System.arraycopy(data, position, b, off, n);
        position += n;
        return n;
    }

    /** Makes at least one byte available; false at the end of the stream. */
    private boolean fill() throws IOException {
        while (position == limit) {
            byte[] head = new byte[CompressedBlocks.CHECKSUM_SIZE + CompressedBlocks.HEADER_SIZE];
            int got = in.readNBytes(head, 0, head.length);
            if (got == 0) {
                return false;
            }
            if (got < head.length) {
                throw new CorruptBlockException(CorruptBlockException.CANNOT_DECOMPRESS,
                        "compressed request body ends inside a block header (" + got + " of " + head.length
                                + " bytes)");
            }
            byte method = head[CompressedBlocks.CHECKSUM_SIZE];
            int blockSize = CompressedBlocks.getIntLE(head, CompressedBlocks.CHECKSUM_SIZE + 1);
            int rawSize = CompressedBlocks.getIntLE(head, CompressedBlocks.CHECKSUM_SIZE + 5);
            if (blockSize < CompressedBlocks.HEADER_SIZE || blockSize > MAX_BLOCK || rawSize < 0
                    || rawSize > MAX_BLOCK) {
                throw new CorruptBlockException(CorruptBlockException.CANNOT_DECOMPRESS,
                        "compressed block with impossible sizes: compressed " + blockSize
                        + ", uncompressed " + rawSize);
            }
            byte[] block = new byte[blockSize];
            System.arraycopy(head, CompressedBlocks.CHECKSUM_SIZE, block, 0, CompressedBlocks.HEADER_SIZE);
            int payload = blockSize - CompressedBlocks.HEADER_SIZE;
            if (in.readNBytes(block, CompressedBlocks.HEADER_SIZE, payload) != payload) {
                throw new CorruptBlockException(CorruptBlockException.CANNOT_DECOMPRESS,
                        "compressed request body ends inside a block of " + blockSize + " bytes");
            }
            long[] expected = CompressedBlocks.checksum(block, 0, blockSize);
            if (expected[0] != CompressedBlocks.getLongLE(head, 0) || expected[1] != CompressedBlocks.getLongLE(head, 8)) {
                throw new CorruptBlockException(CorruptBlockException.CHECKSUM_DOESNT_MATCH,
                        "checksum mismatch in a compressed block of " + blockSize + " bytes");
            }
            if (data.length < rawSize) {
                data = new byte[rawSize];
            }
            if (method == CompressedBlocks.METHOD_LZ4) {
                LZ4.decompress(block, CompressedBlocks.HEADER_SIZE, data, 0, rawSize);
            } else if (method == CompressedBlocks.METHOD_NONE && payload == rawSize) {
                System.arraycopy(block, CompressedBlocks.HEADER_SIZE, data, 0, rawSize);
            } else {
                throw new CorruptBlockException(CorruptBlockException.UNKNOWN_COMPRESSION_METHOD, String.format(
                        "unsupported compression method 0x%02x (this endpoint reads"
                        + " LZ4 0x82 and NONE 0x02; use compression LZ4)", method & 0xff));
            }
            position = 0;
            limit = rawSize;
        }
        return true;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
