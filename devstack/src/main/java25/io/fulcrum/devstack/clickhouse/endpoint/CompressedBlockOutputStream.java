package io.fulcrum.devstack.clickhouse.endpoint;

import java.io.IOException;
import java.io.OutputStream;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Factory;

/**
 * Writes ClickHouse's compressed block format (what a server sends for {@code compress=1}): per block of at most
 * {@value #BLOCK_SIZE} bytes, a 16-byte CityHash128 checksum of the rest of the block, the method byte
 * {@code 0x82} (LZ4), the compressed size including the 9-byte header and the uncompressed size (both unsigned
 * 32-bit little endian), then the LZ4 block.
 */
final class CompressedBlockOutputStream extends OutputStream {

    /** ClickHouse's default buffer size, the size of the blocks a server writes. */
    static final int BLOCK_SIZE = 1 << 20;

    private static final LZ4Compressor LZ4 = LZ4Factory.fastestInstance().fastCompressor();

    private final OutputStream out;
    private final byte[] pending = new byte[BLOCK_SIZE];
    private final byte[] block = new byte[CompressedBlocks.CHECKSUM_SIZE + CompressedBlocks.HEADER_SIZE
            + LZ4.maxCompressedLength(BLOCK_SIZE)];
    private int pendingLength;
    private boolean closed;

    CompressedBlockOutputStream(OutputStream out) {
        this.out = out;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            int n = Math.min(len, BLOCK_SIZE - pendingLength);
            System.arraycopy(b, off, pending, pendingLength, n);
            pendingLength += n;
            off += n;
            len -= n;
            if (pendingLength == BLOCK_SIZE) {
                writeBlock();
            }
        }
    }

    private void writeBlock() throws IOException {
        int headerStart = CompressedBlocks.CHECKSUM_SIZE;
        int dataStart = headerStart + CompressedBlocks.HEADER_SIZE;
        int compressed = LZ4.compress(pending, 0, pendingLength, block, dataStart, block.length - dataStart);
        int blockSize = CompressedBlocks.HEADER_SIZE + compressed;
        block[headerStart] = CompressedBlocks.METHOD_LZ4;
        CompressedBlocks.putIntLE(block, headerStart + 1, blockSize);
        CompressedBlocks.putIntLE(block, headerStart + 5, pendingLength);
        long[] checksum = CompressedBlocks.checksum(block, headerStart, blockSize);
        CompressedBlocks.putLongLE(block, 0, checksum[0]);
        CompressedBlocks.putLongLE(block, 8, checksum[1]);
        out.write(block, 0, CompressedBlocks.CHECKSUM_SIZE + blockSize);
        pendingLength = 0;
    }

    /** Writes the pending bytes as a last block and closes the underlying stream. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        if (pendingLength > 0) {
            writeBlock();
        }
        out.close();
    }
}
