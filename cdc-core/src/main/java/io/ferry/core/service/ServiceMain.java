package io.ferry.core.service;

import io.ferry.core.config.ConfigException;
import io.ferry.core.config.ConfigLoader;
import io.ferry.core.config.PipelineConfig;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The process around one service: load the pipeline file, start, stop cleanly on SIGTERM, and exit
 * with status 1 (and the reason on stderr) when the service fails on its own.
 */
public final class ServiceMain {

    private ServiceMain() {
    }

    public static void run(String name, String[] args, Function<PipelineConfig, RunningService> start) throws InterruptedException {
        if (args.length != 1) {
            System.err.println("usage: " + name + " <pipeline.yaml>");
            System.exit(2);
        }
        PipelineConfig config;
        try {
            config = ConfigLoader.load(Path.of(args[0]));
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        RunningService service = start.apply(config);
        CountDownLatch done = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            service.close();
            done.countDown();
        }, name + "-shutdown"));
        while (!done.await(1, TimeUnit.SECONDS)) {
            if (service.failure() != null) {
                System.err.println(name + " failed: " + service.failure().getMessage());
                System.exit(1);
            }
        }
    }
}
