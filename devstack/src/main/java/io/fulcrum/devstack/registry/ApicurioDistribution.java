package io.fulcrum.devstack.registry;

import io.fulcrum.devstack.Caches;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * The Apicurio Registry server distribution, unpacked once per machine into
 * {@code Caches.root()/apicurio/<version>}. Maven downloads the archive as a dependency of this module
 * ({@code io.apicurio:apicurio-registry-app:<version>:tar.gz:all}) and the build records its path in
 * {@value #LOCATION_RESOURCE}, so tests and the CLI find it without any manual install step.
 */
final class ApicurioDistribution {

    static final String LOCATION_RESOURCE = "apicurio-registry.properties";
    /** The launcher inside the distribution; its presence marks a complete unpack. */
    static final String LAUNCHER = "quarkus-run.jar";

    private static final String FIX = "build module devstack once with Maven, which downloads the archive and records"
            + " its path (./mvnw -pl devstack -am package -DskipTests)";

    private ApicurioDistribution() {}

    /** The unpacked distribution of the version this build recorded, unpacking it on first use. */
    static Path installed() {
        Properties location = new Properties();
        try (InputStream in = ApicurioDistribution.class.getResourceAsStream(LOCATION_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the resource " + LOCATION_RESOURCE + " is missing from the class path"
                        + " of io.fulcrum.devstack.registry: " + FIX);
            }
            location.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + LOCATION_RESOURCE, e);
        }
        String version = location.getProperty("version", "");
        String archive = location.getProperty("archive", "");
        if (version.isBlank() || archive.isBlank() || archive.contains("${")) {
            throw new IllegalStateException(LOCATION_RESOURCE + " holds version='" + version + "', archive='" + archive
                    + "', not the values the build writes into it: " + FIX);
        }
        return unpacked(Paths.get(archive), Caches.root().resolve("apicurio").resolve(version));
    }

    /**
     * The archive unpacked into {@code target}: unpacked now when the directory does not exist yet. Safe when several
     * JVMs do it at once: each unpacks into a directory of its own next to the target and renames it into place; the
     * first rename wins and the others discard their copy.
     *
     * @throws IllegalStateException when the archive is missing or holds an entry outside its root
     */
    static Path unpacked(Path archive, Path target) {
        if (Files.isRegularFile(target.resolve(LAUNCHER))) {
            return target;
        }
        if (!Files.isRegularFile(archive)) {
            throw new IllegalStateException("the Apicurio Registry archive " + archive + " does not exist: " + FIX);
        }
        Path staging = null;
        try {
            Files.createDirectories(target.getParent());
            staging = Files.createTempDirectory(target.getParent(), "." + target.getFileName() + ".unpacking-");
            extract(archive, staging);
            if (!Files.isRegularFile(staging.resolve(LAUNCHER))) {
                throw new IllegalStateException("the archive " + archive + " has no " + LAUNCHER
                        + " at its root; is it an Apicurio Registry 3.x distribution (classifier all)?");
            }
            try {
                Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
                staging = null;
            } catch (IOException moveFailed) {
                // Another JVM renamed its complete copy into place first (the JDK reports that as "Directory not
                // empty", not always as FileAlreadyExistsException); ours is discarded below.
                if (!Files.isRegularFile(target.resolve(LAUNCHER))) {
                    throw moveFailed;
                }
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack " + archive + " into " + target, e);
        } finally {
            if (staging != null) {
                deleteTree(staging);
            }
        }
    }

    private static void extract(Path archive, Path into) throws IOException {
        try (TarArchiveInputStream tar = new TarArchiveInputStream(
                new GzipCompressorInputStream(new BufferedInputStream(Files.newInputStream(archive), 1 << 16)))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                Path path = into.resolve(entry.getName()).normalize();
                if (!path.startsWith(into)) {
                    throw new IllegalStateException("the archive " + archive + " holds the entry " + entry.getName()
                            + ", which points outside the directory it is unpacked into; refusing to unpack it");
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(path);
                } else if (entry.isFile()) {
                    Files.createDirectories(path.getParent());
                    Files.copy(tar, path, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // A leftover staging directory wastes space but breaks nothing: the next unpack uses a new one.
        }
    }
}
