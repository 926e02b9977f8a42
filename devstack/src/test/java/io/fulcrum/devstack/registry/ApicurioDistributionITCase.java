package io.fulcrum.devstack.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Unpacking on small archives made here; the real 160 MB distribution runs in SchemaRegistryExtensionITCase. */
class ApicurioDistributionITCase {

    private static final Map<String, String> DISTRIBUTION = Map.of(
            "quarkus-run.jar", "launcher",
            "lib/boot/a.jar", "boot",
            "app/apicurio-registry-app.jar", "app");

    @TempDir
    Path dir;

    @Test
    void unpacksEveryFileWithItsContent() throws Exception {
        Path archive = archive(DISTRIBUTION);
        Path target = dir.resolve("cache/apicurio/3.3.3");

        assertThat(ApicurioDistribution.unpacked(archive, target)).isEqualTo(target);

        for (Map.Entry<String, String> file : DISTRIBUTION.entrySet()) {
            assertThat(target.resolve(file.getKey())).hasContent(file.getValue());
        }
        assertThat(siblingsOf(target)).containsExactly("3.3.3");
    }

    @Test
    void reusesAnUnpackedDistributionWithoutReadingTheArchive() throws Exception {
        Path target = dir.resolve("apicurio/3.3.3");
        Files.createDirectories(target);
        Files.writeString(target.resolve("quarkus-run.jar"), "unpacked earlier");

        assertThat(ApicurioDistribution.unpacked(dir.resolve("deleted-since.tar.gz"), target)).isEqualTo(target);
        assertThat(target.resolve("quarkus-run.jar")).hasContent("unpacked earlier");
    }

    @Test
    void concurrentUnpacksLeaveOneCompleteCopy() throws Exception {
        Path archive = archive(DISTRIBUTION);
        Path target = dir.resolve("apicurio/3.3.3");
        int unpackers = 4;
        CyclicBarrier together = new CyclicBarrier(unpackers);
        ExecutorService pool = Executors.newFixedThreadPool(unpackers);
        try {
            List<Future<Path>> results = new ArrayList<>();
            for (int i = 0; i < unpackers; i++) {
                Callable<Path> unpack = () -> {
                    together.await();
                    return ApicurioDistribution.unpacked(archive, target);
                };
                results.add(pool.submit(unpack));
            }
            for (Future<Path> result : results) {
                assertThat(result.get()).isEqualTo(target);
            }
        } finally {
            pool.shutdownNow();
        }
        for (Map.Entry<String, String> file : DISTRIBUTION.entrySet()) {
            assertThat(target.resolve(file.getKey())).hasContent(file.getValue());
        }
        assertThat(siblingsOf(target)).containsExactly("3.3.3");
    }

    @Test
    void refusesAnEntryThatEscapesTheTarget() throws Exception {
        Path archive = archive(Map.of("quarkus-run.jar", "launcher", "../../outside.txt", "escaped"));
        Path target = dir.resolve("apicurio/3.3.3");

        assertThatThrownBy(() -> ApicurioDistribution.unpacked(archive, target))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("holds the entry ../../outside.txt, which points outside the directory");
        assertThat(dir.resolve("outside.txt")).doesNotExist();
        assertThat(target).doesNotExist();
        assertThat(siblingsOf(target)).isEmpty();
    }

    @Test
    void refusesAnArchiveWithoutTheLauncher() throws Exception {
        Path archive = archive(Map.of("lib/boot/a.jar", "boot"));

        assertThatThrownBy(() -> ApicurioDistribution.unpacked(archive, dir.resolve("apicurio/3.3.3")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("the archive " + archive + " has no quarkus-run.jar at its root; is it an Apicurio Registry"
                        + " 3.x distribution (classifier all)?");
    }

    @Test
    void aMissingArchiveSaysHowToGetIt() {
        Path missing = dir.resolve("apicurio-registry-app-3.3.3-all.tar.gz");

        assertThatThrownBy(() -> ApicurioDistribution.unpacked(missing, dir.resolve("apicurio/3.3.3")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("the Apicurio Registry archive " + missing + " does not exist: build module devstack once"
                        + " with Maven, which downloads the archive and records its path"
                        + " (./mvnw -pl devstack -am package -DskipTests)");
    }

    @Test
    void theBuildRecordedWhereMavenPutTheRealDistribution() {
        Path installed = ApicurioDistribution.installed();

        assertThat(installed.resolve("quarkus-run.jar")).isRegularFile();
        assertThat(installed.getFileName()).hasToString("3.3.3");
    }

    private Path archive(Map<String, String> files) throws IOException {
        Path archive = Files.createTempFile(dir, "distribution", ".tar.gz");
        try (OutputStream out = Files.newOutputStream(archive);
                TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(out))) {
            for (Map.Entry<String, String> file : files.entrySet()) {
                byte[] content = file.getValue().getBytes(StandardCharsets.UTF_8);
                TarArchiveEntry entry = new TarArchiveEntry(file.getKey(), true);
                entry.setSize(content.length);
                tar.putArchiveEntry(entry);
                tar.write(content);
                tar.closeArchiveEntry();
            }
        }
        return archive;
    }

    private static List<String> siblingsOf(Path target) throws IOException {
        if (!Files.isDirectory(target.getParent())) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(target.getParent())) {
            return entries.map(p -> p.getFileName().toString()).toList();
        }
    }
}
