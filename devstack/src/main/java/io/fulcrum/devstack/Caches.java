package io.fulcrum.devstack;

import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Where the stack keeps what it downloads once per machine (the ClickHouse engine library, the registry
 * distribution): {@code $FULCRUM_CACHE}, else {@code ~/.cache/fulcrum}.
 */
public final class Caches {

    public static final String CACHE_ENV = "FULCRUM_CACHE";

    private Caches() {}

    public static Path root() {
        String env = System.getenv(CACHE_ENV);
        if (env != null && !env.isBlank()) {
            return Paths.get(env);
        }
        return Paths.get(System.getProperty("user.home"), ".cache", "fulcrum");
    }
}
