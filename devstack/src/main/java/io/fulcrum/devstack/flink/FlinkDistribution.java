package io.fulcrum.devstack.flink;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

/**
 * The jars a Flink 2.2 distribution's {@code lib/} would give a session cluster and its {@code flink run} client:
 * flink-runtime, flink-clients, flink-streaming-java, flink-connector-base, the RPC loader, the shaded libraries and
 * log4j. flink-dist itself is not served by Maven Central, so the build resolves these artifacts as dependencies of
 * its antrun plugin (apart from this module's own dependencies) and writes their paths into
 * {@value #CLASSPATH_RESOURCE}, one per line. The cluster's processes run on exactly these jars: no Fulcrum class
 * and no connector is among them, as on a real cluster, so a job only runs if its jar brings what it needs.
 */
public final class FlinkDistribution {

    static final String CLASSPATH_RESOURCE = "flink-cluster.classpath";

    private static final String FIX = "build module devstack with Maven, which resolves the Flink jars and writes "
            + "their paths (./mvnw -pl devstack -am package -DskipTests)";

    private FlinkDistribution() {}

    /** The jars, checked to exist. */
    public static List<Path> jars() {
        String listing;
        try (InputStream in = FlinkDistribution.class.getResourceAsStream(CLASSPATH_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the resource " + CLASSPATH_RESOURCE + " is missing from the class "
                        + "path of io.fulcrum.devstack.flink: " + FIX);
            }
            listing = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + CLASSPATH_RESOURCE, e);
        }
        List<Path> jars = listing.lines().map(String::strip).filter(line -> !line.isEmpty()).map(Paths::get).toList();
        if (jars.stream().noneMatch(jar -> jar.getFileName().toString().startsWith("flink-runtime-"))) {
            throw new IllegalStateException(CLASSPATH_RESOURCE + " names no flink-runtime jar (" + jars + "): " + FIX);
        }
        for (Path jar : jars) {
            if (!Files.isRegularFile(jar) || !jar.getFileName().toString().endsWith(".jar")) {
                throw new IllegalStateException(CLASSPATH_RESOURCE + " names " + jar + ", which is not a jar file "
                        + "(local Maven repository cleaned?): " + FIX);
            }
        }
        return jars;
    }

    /** {@link #jars()} as a {@code -cp} value. */
    static String classpath() {
        return String.join(File.pathSeparator, jars().stream().map(Path::toString).toList());
    }
}
