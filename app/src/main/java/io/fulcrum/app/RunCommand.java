package io.fulcrum.app;

import io.fulcrum.pipeline.FulcrumPipeline;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * {@code fulcrum run --config DIR}: the pipeline against the Kafka, registry and ClickHouse of a configuration
 * directory, in this JVM (a local Flink MiniCluster). On a Flink cluster the same job is submitted with
 * {@code flink run} and the job jar, whose entry point {@link FulcrumJob} prepares the pipeline the same way
 * (see the README, "Deployment on a cluster").
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the pipeline of a configuration directory (fulcrum.yaml, sources/, kpis/).")
final class RunCommand implements Callable<Integer> {

    @Option(names = "--config", required = true, description = "Configuration directory.")
    Path config;

    @Override
    public Integer call() throws Exception {
        FulcrumPipeline pipeline = FulcrumJob.prepare(config, System.out);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        pipeline.addTo(env);
        System.out.printf("job running (checkpoints every %s); stop it with Ctrl-C%n",
                pipeline.config().job().checkpointInterval());
        env.execute(FulcrumJob.JOB_NAME);
        return 0;
    }
}
