package io.fulcrum.devstack.kafka;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * The running JVM's class path as a list of files a child JVM can use: the broker process runs on the same jars as
 * the JVM that starts it (kafka_2.13 is a dependency of this module), so nothing is downloaded or installed for it.
 *
 * <p>Test runners often start the JVM with a single "manifest-only" jar whose {@code Class-Path} attribute lists the
 * real entries, and delete that jar when they exit. The broker must outlive its starter, so such jars are expanded
 * into the entries they name, as the JVM itself does.
 */
final class ProcessClasspath {

    private ProcessClasspath() {}

    /** The expanded {@code java.class.path} of this JVM. */
    static String current() {
        return String.join(File.pathSeparator, expand(System.getProperty("java.class.path")));
    }

    static List<String> expand(String classpath) {
        Set<String> entries = new LinkedHashSet<>();
        for (String entry : classpath.split(File.pathSeparator)) {
            if (!entry.isBlank()) {
                add(Paths.get(entry).toAbsolutePath(), entries);
            }
        }
        return new ArrayList<>(entries);
    }

    private static void add(Path entry, Set<String> entries) {
        if (!entries.add(entry.toString())) {
            return;
        }
        if (!entry.toString().endsWith(".jar") || !Files.isRegularFile(entry)) {
            return;
        }
        try (JarFile jar = new JarFile(entry.toFile())) {
            Manifest manifest = jar.getManifest();
            String referenced = manifest == null ? null : manifest.getMainAttributes().getValue("Class-Path");
            if (referenced == null) {
                return;
            }
            URI base = entry.toUri();
            for (String ref : referenced.trim().split("\\s+")) {
                if (!ref.isEmpty()) {
                    add(Paths.get(base.resolve(ref)), entries);
                }
            }
        } catch (IOException unreadable) {
            // Kept as it is: the JVM skips a class path entry it cannot open, and so will the child JVM.
        }
    }
}
