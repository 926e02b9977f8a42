package io.fulcrum.app.deploy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Where the build put the job jar: the failsafe configuration of module app passes its path. */
final class JobJar {

    static final String PROPERTY = "fulcrum.job.jar";

    private JobJar() {}

    static Path path() {
        String value = System.getProperty(PROPERTY);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property " + PROPERTY + " is not set: run this test with failsafe"
                    + " in module app (./mvnw -pl app -am verify), which sets it to the shaded jar");
        }
        Path jar = Paths.get(value);
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(PROPERTY + " names " + jar + ", which does not exist: the package phase "
                    + "builds it (maven-shade-plugin, execution job-jar)");
        }
        return jar;
    }
}
