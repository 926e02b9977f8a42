package io.fulcrum.app;

import io.fulcrum.app.devstack.LocalStack;
import io.fulcrum.app.devstack.StackPorts;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code fulcrum devstack up|status|down}: the embedded Kafka, schema registry and ClickHouse as local processes. */
@Command(
        name = "devstack",
        mixinStandardHelpOptions = true,
        description = "Start, inspect or stop the embedded stack (Kafka, schema registry, ClickHouse) on loopback.",
        subcommands = {DevstackCommand.Up.class, DevstackCommand.Status.class, DevstackCommand.Down.class})
final class DevstackCommand {

    /** Options every devstack subcommand shares. */
    static final class StackOptions {
        @Option(names = "--dir", description = "Data, logs and pid files (default: ${DEFAULT-VALUE}).",
                defaultValue = "${sys:fulcrum.home:-.}/.devstack")
        Path dir;

        @Option(names = "--kafka-port", defaultValue = "" + StackPorts.DEFAULT_KAFKA,
                description = "Kafka bootstrap port (default: ${DEFAULT-VALUE}).")
        int kafkaPort;

        @Option(names = "--kafka-controller-port", defaultValue = "" + StackPorts.DEFAULT_KAFKA_CONTROLLER,
                description = "Kafka KRaft controller port (default: ${DEFAULT-VALUE}).")
        int kafkaControllerPort;

        @Option(names = "--registry-port", defaultValue = "" + StackPorts.DEFAULT_REGISTRY,
                description = "Schema registry HTTP port (default: ${DEFAULT-VALUE}).")
        int registryPort;

        @Option(names = "--registry-management-port", defaultValue = "" + StackPorts.DEFAULT_REGISTRY_MANAGEMENT,
                description = "Schema registry management port (default: ${DEFAULT-VALUE}).")
        int registryManagementPort;

        @Option(names = "--clickhouse-port", defaultValue = "" + StackPorts.DEFAULT_CLICKHOUSE,
                description = "ClickHouse HTTP port (default: ${DEFAULT-VALUE}).")
        int clickhousePort;

        LocalStack stack() {
            return LocalStack.of(dir.normalize(), new StackPorts(kafkaPort, kafkaControllerPort, registryPort,
                    registryManagementPort, clickhousePort));
        }
    }

    @Command(name = "up", mixinStandardHelpOptions = true,
            description = "Start the stack (harmless when it already runs) and print where to reach it.")
    static final class Up implements Callable<Integer> {
        @picocli.CommandLine.Mixin StackOptions options = new StackOptions();

        @Override
        public Integer call() throws Exception {
            options.stack().up(System.out);
            return 0;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "Show each component's state.")
    static final class Status implements Callable<Integer> {
        @picocli.CommandLine.Mixin StackOptions options = new StackOptions();

        @Override
        public Integer call() {
            return options.stack().status(System.out) ? 0 : 3;
        }
    }

    @Command(name = "down", mixinStandardHelpOptions = true, description = "Stop every component of the stack.")
    static final class Down implements Callable<Integer> {
        @picocli.CommandLine.Mixin StackOptions options = new StackOptions();

        @Override
        public Integer call() throws Exception {
            options.stack().down(System.out);
            return 0;
        }
    }
}
