package io.ferry.capture;

import io.ferry.core.config.ConfigLoader;
import io.ferry.core.config.PipelineConfig;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/** Runs capture as its own process: {@code CaptureMain <pipeline.yaml>}; stops cleanly on SIGTERM. */
public final class CaptureMain {

    private CaptureMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length != 1) {
            System.err.println("usage: CaptureMain <pipeline.yaml>");
            System.exit(2);
        }
        PipelineConfig config = ConfigLoader.load(Path.of(args[0]));
        CaptureService capture = new CaptureService(config).start();
        CountDownLatch done = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            capture.close();
            done.countDown();
        }, "ferry-capture-shutdown"));
        while (!done.await(1, java.util.concurrent.TimeUnit.SECONDS)) {
            if (capture.failure() != null) {
                System.err.println("capture failed: " + capture.failure().getMessage());
                System.exit(1);
            }
        }
    }
}
