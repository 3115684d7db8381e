package io.ferry.orchestrator.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.ferry.core.config.ConfigLoader;
import io.ferry.core.config.PipelineConfig;
import io.ferry.orchestrator.reverse.ReversePipeline;
import io.ferry.orchestrator.run.EmbeddedBroker;
import io.ferry.orchestrator.status.PipelineStatus;
import io.ferry.orchestrator.status.PipelineStatusReader;
import io.ferry.orchestrator.status.StatusText;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Shows where a pipeline stands, from its stored offsets: capture's position and its age against the "
                + "source's head, the applied offsets per change partition, the lag in records and seconds, and the "
                + "dead letters. Works whatever runs the pipeline. Exit code 0 when caught up, 1 otherwise.")
final class StatusCommand implements Callable<Integer> {

    @Option(names = {"-c", "--config"}, required = true, description = "The pipeline file.")
    Path config;

    @Option(names = "--json", description = "Print the status as JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        PipelineConfig pipeline = EmbeddedBroker.resolve(ConfigLoader.load(config));
        PipelineStatus status = new PipelineStatusReader(pipeline, Clock.systemUTC()).read();
        if (json) {
            System.out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(status));
        } else {
            System.out.print(StatusText.render(status));
            if (pipeline.cutover().reverse().enabled()) {
                System.out.print(reverse(pipeline));
            }
        }
        return status.caughtUp() ? 0 : 1;
    }

    /** The way back's status, read alike from its own offsets and topics ({@code cutover.reverse.enabled}). */
    private static String reverse(PipelineConfig pipeline) {
        StringBuilder out = new StringBuilder("\nreverse replication (target to source, docs/rollback.md):\n");
        try {
            PipelineStatus back = new PipelineStatusReader(ReversePipeline.of(pipeline), Clock.systemUTC(), false).read();
            // The migration's state is the forward pipeline's, shown above.
            StatusText.render(back).lines().filter(l -> !l.startsWith("  migration "))
                    .forEach(l -> out.append("  ").append(l).append('\n'));
        } catch (Exception e) {
            out.append("  not readable yet (it starts at the flip): ").append(e.getMessage()).append('\n');
        }
        return out.toString();
    }
}
