package io.ferry.apply.streams;

import io.ferry.core.service.ServiceMain;

/** Runs the applier as its own process: {@code ApplierMain <pipeline.yaml>}; stops cleanly on SIGTERM. */
public final class ApplierMain {

    private ApplierMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        ServiceMain.run("applier", args, c -> c.metrics().applierPort(), config -> new ApplierService(config).start());
    }
}
