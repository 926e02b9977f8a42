package io.fulcrum.app;

import io.fulcrum.pipeline.FulcrumPipeline;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Path;

import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Entry point of the job jar ({@code app/target/fulcrum-job-<version>.jar}): the pipeline of a configuration
 * directory on the {@link StreamExecutionEnvironment} that the Flink client provides, so that
 * {@code flink run -d fulcrum-job.jar --config DIR} runs it on the cluster the client talks to. The client applies
 * the ClickHouse migrations before it submits the job, as {@code fulcrum run} does before it starts its local
 * MiniCluster; both go through {@link #prepare(Path, PrintStream)}.
 *
 * <p>A bad argument or configuration throws (it does not exit the JVM): {@code flink run} reports the exception
 * with the file and field the loaders name, and exits with a non-zero code.
 */
@Command(name = "fulcrum-job", mixinStandardHelpOptions = true,
        description = "Submit the pipeline of a configuration directory (fulcrum.yaml, sources/, kpis/) to the "
                + "Flink cluster of the client that runs this jar.")
public final class FulcrumJob {

    /** The Flink job name, the same locally and on a cluster. */
    static final String JOB_NAME = "fulcrum";

    @Option(names = "--config", required = true, paramLabel = "DIR", description = "Configuration directory.")
    Path config;

    private FulcrumJob() {}

    public static void main(String[] args) throws Exception {
        FulcrumJob job = new FulcrumJob();
        CommandLine cli = new CommandLine(job);
        try {
            cli.parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            throw new IllegalArgumentException(e.getMessage() + "; usage: " + cli.getUsageMessage().strip(), e);
        }
        if (cli.isUsageHelpRequested() || cli.isVersionHelpRequested()) {
            cli.usage(System.out);
            return;
        }
        FulcrumPipeline pipeline = prepare(job.config, System.out);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        pipeline.addTo(env);
        System.out.printf("submitting job '%s' (checkpoints every %s)%n", JOB_NAME,
                pipeline.config().job().checkpointInterval());
        // Detached (flink run -d): returns once the cluster has accepted the job; attached: when it ends.
        env.execute(JOB_NAME);
    }

    /**
     * Loads and validates the configuration directory and applies the ClickHouse migrations, reporting both on
     * {@code out}: what every start of the pipeline does before it builds the job.
     */
    static FulcrumPipeline prepare(Path config, PrintStream out) throws Exception {
        FulcrumPipeline pipeline = FulcrumPipeline.load(config);
        out.printf("fulcrum run: %d sources, %d KPIs from %s%n", pipeline.sources().sources().size(),
                pipeline.kpis().size(), config.toAbsolutePath().normalize());
        out.println("ClickHouse migrations applied: " + pipeline.migrateClickHouse().applied());
        return pipeline;
    }
}
