package io.fulcrum.devstack.clickhouse;

import com.clickhouse.data.ClickHouseFormat;
import io.fulcrum.devstack.Caches;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import net.jpountz.lz4.LZ4Factory;

/**
 * The class path of the endpoint process. Its own classes are compiled for JDK 22+ and travel as the resource
 * {@value #RESOURCE} inside devstack (a Java 17 class path cannot hold them as classes); they are copied to the
 * cache under their content hash, so different builds never overwrite each other's jar. Its two libraries, lz4-java
 * and clickhouse-data (CityHash128), are taken from wherever this JVM loaded them.
 */
final class EndpointJar {

    static final String RESOURCE = "/io/fulcrum/devstack/clickhouse/clickhouse-endpoint.jar";
    static final String MAIN_CLASS = "io.fulcrum.devstack.clickhouse.endpoint.ClickHouseEndpoint";

    private EndpointJar() {}

    /** The endpoint's class path: its jar, lz4-java and clickhouse-data. */
    static List<Path> classPath() {
        return List.of(extract(Caches.root().resolve("clickhouse-endpoint")), location(LZ4Factory.class),
                location(ClickHouseFormat.class));
    }

    static Path extract(Path dir) {
        byte[] jar;
        try (InputStream in = EndpointJar.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("devstack was built without the ClickHouse endpoint (no resource "
                        + RESOURCE + "): build it with a JDK 22+ named by -Dfulcrum.jdk22.home=<jdk home>");
            }
            jar = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + RESOURCE, e);
        }
        try {
            Path target = dir.resolve("endpoint-" + sha256(jar).substring(0, 16) + ".jar");
            if (!Files.isRegularFile(target)) {
                Files.createDirectories(dir);
                Path tmp = Files.createTempFile(dir, "endpoint-", ".partial");
                Files.write(tmp, jar);
                try {
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
                } catch (FileAlreadyExistsException e) {
                    Files.deleteIfExists(tmp); // the same content, written by a concurrent launcher
                }
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the endpoint jar into " + dir, e);
        }
    }

    private static Path location(Class<?> type) {
        try {
            return Paths.get(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("cannot tell where " + type.getName() + " was loaded from; the endpoint"
                    + " needs it on its class path", e);
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }
}
