package io.fulcrum.app;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code fulcrum} command: entry point of the launcher script at the repository root. */
@Command(
        name = "fulcrum",
        mixinStandardHelpOptions = true,
        version = "fulcrum 0.1.0",
        description = "Tactical execution management: KPIs per business object, initiative impact, alerts.",
        subcommands = {CommandLine.HelpCommand.class, DemoCommand.class, RunCommand.class, DevstackCommand.class,
                ImpactCommand.class, InitiativeCommand.class, BoardCommand.class})
public final class Fulcrum implements Runnable {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new Fulcrum()).execute(args));
    }
}
