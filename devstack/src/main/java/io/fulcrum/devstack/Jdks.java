package io.fulcrum.devstack;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * Finds the JDK that runs a server of the stack. The ClickHouse endpoint uses the FFM API (JDK 22+) and Apicurio
 * Registry 3.x needs Java 21+, while Fulcrum itself builds and runs on JDK 17; so the stack looks for a newer JDK
 * beside the one running it.
 */
public final class Jdks {

    /** Environment variable naming a JDK 22+ home; wins over every other place. */
    public static final String JDK22_HOME_ENV = "FULCRUM_JDK22_HOME";
    /** System property naming a JDK 22+ home (the build passes it to tests). */
    public static final String JDK22_HOME_PROPERTY = "fulcrum.jdk22.home";

    private static final Path SYSTEM_JVM_DIR = Paths.get("/usr/lib/jvm");

    private Jdks() {}

    /**
     * The home of a JDK with at least the given feature version, looked for in {@value #JDK22_HOME_ENV}, the system
     * property {@value #JDK22_HOME_PROPERTY}, {@code JAVA_HOME}, the running JVM and {@code /usr/lib/jvm}.
     *
     * @throws IllegalStateException naming what to install when none is found
     */
    public static Path homeWithAtLeast(int featureVersion) {
        List<Path> candidates = new ArrayList<>();
        Optional.ofNullable(System.getenv(JDK22_HOME_ENV)).map(Paths::get).ifPresent(candidates::add);
        Optional.ofNullable(System.getProperty(JDK22_HOME_PROPERTY)).map(Paths::get).ifPresent(candidates::add);
        Optional.ofNullable(System.getenv("JAVA_HOME")).map(Paths::get).ifPresent(candidates::add);
        candidates.add(Paths.get(System.getProperty("java.home")));
        if (Files.isDirectory(SYSTEM_JVM_DIR)) {
            try (Stream<Path> dirs = Files.list(SYSTEM_JVM_DIR)) {
                dirs.sorted().forEach(candidates::add);
            } catch (IOException e) {
                // An unreadable directory only means fewer candidates; the error below lists what was tried.
            }
        }
        for (Path home : candidates) {
            if (featureVersion(home) >= featureVersion && Files.isExecutable(home.resolve("bin/java"))) {
                return home;
            }
        }
        throw new IllegalStateException(
                "No JDK " + featureVersion + "+ found (looked at " + candidates + "). The embedded stack runs its "
                        + "ClickHouse endpoint and schema registry on it. Install one (for example the Debian "
                        + "package temurin-25-jdk, or any JDK 25 unpacked anywhere) and point " + JDK22_HOME_ENV
                        + " at its home directory.");
    }

    /** The {@code java} launcher of {@link #homeWithAtLeast(int)}. */
    public static Path javaWithAtLeast(int featureVersion) {
        return homeWithAtLeast(featureVersion).resolve("bin/java");
    }

    /** Feature version read from the JDK's {@code release} file, or 0 when it cannot be read. */
    static int featureVersion(Path home) {
        Path release = home.resolve("release");
        if (!Files.isRegularFile(release)) {
            return 0;
        }
        Properties props = new Properties();
        try (InputStream in = Files.newInputStream(release)) {
            props.load(in);
        } catch (IOException e) {
            return 0;
        }
        String version = props.getProperty("JAVA_VERSION", "").replace("\"", "");
        String feature = version.split("[.+-]")[0];
        try {
            int v = Integer.parseInt(feature);
            return v == 1 ? 8 : v; // "1.8.0_x" is Java 8
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
