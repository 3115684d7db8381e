package io.ferry.orchestrator.cutover;

import io.ferry.orchestrator.migration.ReadinessSignals;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a readiness probe once a second on its own thread, so that steadiness (how long lag stayed under the
 * threshold) is measured continuously, and hands out the newest reading to the gate and the cutover's pre-checks.
 */
public final class ReadinessSampler implements ReadinessProbe, Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(ReadinessSampler.class);

    private final ReadinessProbe probe;
    private final AtomicReference<ReadinessSignals> latest = new AtomicReference<>();

    private volatile boolean stopped;

    public ReadinessSampler(ReadinessProbe probe) {
        this.probe = probe;
    }

    /** The newest reading, null before the first. */
    public ReadinessSignals latest() {
        return latest.get();
    }

    /** A reading taken after this call (the gate must see the validation that just finished); bounded by 30 s. */
    public ReadinessSignals awaitNewer() throws InterruptedException {
        ReadinessSignals before = latest.get();
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (latest.get() == before && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        return latest.get();
    }

    @Override
    public ReadinessSignals read() {
        ReadinessSignals s = latest.get();
        if (s == null) {
            throw new IllegalStateException("readiness has not been measured yet");
        }
        return s;
    }

    /**
     * Ends {@link #run()} after the read in progress. An interrupt alone is not enough: a Kafka client inside the
     * probe may take the thread's interrupt as its own and clear it, and the loop would go on reading through
     * clients that are closing.
     */
    public void stop() {
        stopped = true;
    }

    @Override
    public void run() {
        String lastFailure = null;
        while (!stopped && !Thread.currentThread().isInterrupted()) {
            try {
                latest.set(probe.read());
                if (lastFailure != null) {
                    LOG.info("reading readiness works again");
                    lastFailure = null;
                }
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                if (stopped || Thread.currentThread().isInterrupted()) {
                    return;
                }
                // Once per cause, not every second (a coordinator started before the applier waits for its tables).
                if (!String.valueOf(e.getMessage()).equals(lastFailure)) {
                    LOG.warn("reading readiness failed: {}", e.getMessage());
                    lastFailure = String.valueOf(e.getMessage());
                }
            }
            try {
                Thread.sleep(1000); // after a failure too: a probe that keeps failing must not spin
            } catch (InterruptedException e) {
                return;
            }
        }
    }
}
