package io.fulcrum.app;

import io.fulcrum.app.demo.DemoRun;
import io.fulcrum.app.devstack.LocalStack;
import io.fulcrum.app.devstack.StackPorts;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code fulcrum demo}: the main job on the embedded stack with generated operational data of a small supply chain,
 * ending with a summary read back from ClickHouse.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run Fulcrum on the embedded stack with eight weeks of generated supply-chain events.")
final class DemoCommand implements Callable<Integer> {

    @Option(names = "--config", description = "Demo configuration directory (default: ${DEFAULT-VALUE}).",
            defaultValue = "${sys:fulcrum.home:-.}/config/demo")
    Path config;

    @Option(names = "--dir", description = "Embedded stack directory (default: ${DEFAULT-VALUE}).",
            defaultValue = "${sys:fulcrum.home:-.}/.devstack")
    Path stackDir;

    @Option(names = "--days", defaultValue = "56", description = "Days of events to generate (default: ${DEFAULT-VALUE}).")
    int days;

    @Option(names = "--seed", defaultValue = "7", description = "Random seed of the generator (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws Exception {
        if (days < 14) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                    "--days must be at least 14 (the initiatives start after two weeks), got " + days);
        }
        LocalStack stack = LocalStack.of(stackDir.normalize(), StackPorts.defaults());
        return new DemoRun(stack, config.normalize(), days, seed, System.out).run();
    }
}
