package io.ferry.orchestrator.cli;

import io.ferry.core.config.ConfigLoader;
import io.ferry.orchestrator.run.EmbeddedBroker;
import io.ferry.core.config.PipelineConfig;
import io.ferry.orchestrator.pipeline.PipelineConvergence;
import io.ferry.orchestrator.status.PipelineStatusReader;
import io.ferry.orchestrator.status.StatusText;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "drain", mixinStandardHelpOptions = true,
        description = "Waits until the target holds every change the source had committed when the command started: "
                + "capture past the source's position, then every change partition applied. Exit code 0 when drained, "
                + "1 on timeout (with the status of what is behind).")
final class DrainCommand implements Callable<Integer> {

    @Option(names = {"-c", "--config"}, required = true, description = "The pipeline file.")
    Path config;

    @Option(names = "--timeout", defaultValue = "300", description = "Seconds to wait (default: ${DEFAULT-VALUE}).")
    long timeoutSeconds;

    @Override
    public Integer call() throws Exception {
        PipelineConfig pipeline = EmbeddedBroker.resolve(ConfigLoader.load(config));
        PipelineConvergence convergence = new PipelineConvergence(pipeline);
        long start = System.nanoTime();
        io.ferry.core.event.LogPosition mark = convergence.mark();
        System.out.println("drain: waiting for the target to reach source position " + mark.text());
        long deadline = start + Duration.ofSeconds(timeoutSeconds).toNanos();
        boolean drained = false;
        while (!drained && System.nanoTime() < deadline) {
            try {
                drained = convergence.awaitApplied(mark, Duration.ofNanos(deadline - System.nanoTime()));
            } catch (org.apache.kafka.common.KafkaException e) {
                // a broker restarting (ferry run started again) is waited out like any other delay
                System.out.println("drain: Kafka not reachable yet (" + e.getMessage() + "); waiting");
                Thread.sleep(1000);
            }
        }
        double took = (System.nanoTime() - start) / 1e9;
        if (drained) {
            System.out.printf("drain: the target has every change up to %s (%.1f s)%n", mark.text(), took);
            return 0;
        }
        System.out.printf("drain: timed out after %.1f s; where the pipeline stands:%n", took);
        System.out.print(StatusText.render(new PipelineStatusReader(pipeline, Clock.systemUTC()).read()));
        return 1;
    }
}
