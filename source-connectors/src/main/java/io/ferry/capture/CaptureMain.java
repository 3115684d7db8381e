package io.ferry.capture;

import io.ferry.core.service.ServiceMain;

/** Runs capture as its own process: {@code CaptureMain <pipeline.yaml>}; stops cleanly on SIGTERM. */
public final class CaptureMain {

    private CaptureMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        ServiceMain.run("capture", args, c -> c.metrics().capturePort(), config -> new CaptureService(config).start());
    }
}
