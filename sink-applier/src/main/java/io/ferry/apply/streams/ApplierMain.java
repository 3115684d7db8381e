package io.ferry.apply.streams;

import io.ferry.core.config.ConfigLoader;
import io.ferry.core.config.PipelineConfig;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Runs the applier as its own process: {@code ApplierMain <pipeline.yaml>}; stops cleanly on SIGTERM. */
public final class ApplierMain {

    private ApplierMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length != 1) {
            System.err.println("usage: ApplierMain <pipeline.yaml>");
            System.exit(2);
        }
        PipelineConfig config = ConfigLoader.load(Path.of(args[0]));
        ApplierService applier = new ApplierService(config).start();
        CountDownLatch done = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            applier.close();
            done.countDown();
        }, "ferry-applier-shutdown"));
        while (!done.await(1, TimeUnit.SECONDS)) {
            if (applier.failure() != null) {
                System.err.println("applier failed: " + applier.failure().getMessage());
                System.exit(1);
            }
        }
    }
}
