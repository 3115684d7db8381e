package io.ferry.orchestrator.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.ferry.core.config.ConfigLoader;
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
        PipelineStatus status = new PipelineStatusReader(EmbeddedBroker.resolve(ConfigLoader.load(config)), Clock.systemUTC()).read();
        if (json) {
            System.out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(status));
        } else {
            System.out.print(StatusText.render(status));
        }
        return status.caughtUp() ? 0 : 1;
    }
}
