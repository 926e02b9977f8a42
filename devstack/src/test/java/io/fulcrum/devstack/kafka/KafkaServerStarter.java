package io.fulcrum.devstack.kafka;

import java.nio.file.Paths;

/**
 * Starts a {@link KafkaServer} and exits, as {@code fulcrum devstack up} does: the test that runs this in a JVM of
 * its own checks that the broker outlives it. Arguments: data directory, port, controller port. Prints the pid.
 */
public final class KafkaServerStarter {

    private KafkaServerStarter() {}

    public static void main(String[] args) throws Exception {
        KafkaServer server = KafkaServer.builder()
                .dataDirectory(Paths.get(args[0]))
                .port(Integer.parseInt(args[1]))
                .controllerPort(Integer.parseInt(args[2]))
                .start();
        System.out.println(server.pid());
        System.exit(0);
    }
}
