package io.fulcrum.devstack.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessClasspathITCase {

    @TempDir
    Path dir;

    @Test
    void expandsAManifestOnlyJarIntoTheEntriesItNames() throws Exception {
        Path kafka = manifestOnlyJar(dir.resolve("kafka_2.13-4.2.0.jar"), null);
        Path classes = Files.createDirectory(dir.resolve("classes"));
        // As test runners write them: absolute file URIs, separated by spaces.
        Path booter = manifestOnlyJar(dir.resolve("booter.jar"), kafka.toUri() + " " + classes.toUri());
        Path other = dir.resolve("other-classes");

        assertThat(ProcessClasspath.expand(booter + File.pathSeparator + other)).containsExactly(
                booter.toString(), kafka.toString(), classes.toString(), other.toString());
    }

    @Test
    void resolvesRelativeEntriesAgainstTheJarAndListsEachEntryOnce() throws Exception {
        Path lib = Files.createDirectory(dir.resolve("lib"));
        // Not a zip: kept as it is, as the JVM keeps (and skips) it.
        Path a = Files.createFile(lib.resolve("a.jar"));
        Path booter = manifestOnlyJar(dir.resolve("booter.jar"), "lib/a.jar lib/a.jar");

        assertThat(ProcessClasspath.expand(booter + File.pathSeparator + a))
                .containsExactly(booter.toString(), a.toString());
    }

    private static Path manifestOnlyJar(Path jar, String classPath) throws Exception {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (classPath != null) {
            manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, classPath);
        }
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream ignored = new JarOutputStream(out, manifest)) {
            // The manifest is the whole content.
        }
        return jar;
    }
}
