package io.fulcrum.devstack.junit;

import io.fulcrum.devstack.Ports;
import io.fulcrum.devstack.registry.SchemaRegistryServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests the one {@link SchemaRegistryServer} of a test run: started on first request on free loopback ports,
 * shared by every test class that uses this extension, stopped when the run ends. Its log goes to
 * {@code target/devstack/schema-registry-<port>.log} under the working directory (the module, under Maven).
 *
 * <pre>{@code
 * @ExtendWith(SchemaRegistryExtension.class)
 * class RegistryAvroSerdeITCase {
 *     @Test
 *     void registersOnFirstWrite(SchemaRegistryServer registry) { ... registry.confluentApiUrl() ... }
 * }
 * }</pre>
 *
 * <p>The registry is shared, so each test uses subjects of its own.
 */
public final class SchemaRegistryExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(SchemaRegistryExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == SchemaRegistryServer.class;
    }

    @Override
    public SchemaRegistryServer resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(
                SchemaRegistryServer.class, type -> start(), SchemaRegistryServer.class);
    }

    private static SchemaRegistryServer start() {
        int port = Ports.freePort();
        int managementPort = Ports.freePort();
        while (managementPort == port) {
            managementPort = Ports.freePort();
        }
        Path log = Paths.get("target", "devstack", "schema-registry-" + port + ".log");
        try {
            return SchemaRegistryServer.builder()
                    .port(port)
                    .managementPort(managementPort)
                    .logFile(log)
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the schema registry (log " + log.toAbsolutePath() + ")", e);
        }
    }
}
