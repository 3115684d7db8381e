package io.ferry.orchestrator.migration;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The gate before a freeze: every reason not to cut over now, or none. Pure. */
public final class ReadinessGate {

    private final Duration lagThreshold;
    private final Duration lagSteady;

    public ReadinessGate(Duration lagThreshold, Duration lagSteady) {
        this.lagThreshold = lagThreshold;
        this.lagSteady = lagSteady;
    }

    public List<Refusal> refusals(ReadinessSignals s) {
        List<Refusal> out = new ArrayList<>();
        if (!s.captureRunning()) {
            out.add(new Refusal(Refusal.Code.CAPTURE_NOT_RUNNING, "capture is not running"));
        }
        if (!s.applierRunning()) {
            out.add(new Refusal(Refusal.Code.APPLIER_NOT_RUNNING, "the applier is not running"));
        }
        if (s.lag() == null) {
            out.add(new Refusal(Refusal.Code.LAG_UNKNOWN, "replication lag is not known yet"));
        } else if (s.lag().compareTo(lagThreshold) > 0) {
            out.add(new Refusal(Refusal.Code.LAG_TOO_HIGH, "lag is " + millis(s.lag()) + ", more than the threshold of " + millis(lagThreshold)));
        } else if (s.lagSteadyFor() == null || s.lagSteadyFor().compareTo(lagSteady) < 0) {
            out.add(new Refusal(Refusal.Code.LAG_NOT_STEADY, "lag has been under " + millis(lagThreshold) + " for "
                    + millis(s.lagSteadyFor() == null ? Duration.ZERO : s.lagSteadyFor()) + ", less than " + millis(lagSteady)));
        }
        if (s.deadLetters() > 0) {
            out.add(new Refusal(Refusal.Code.DLQ_NOT_EMPTY, s.deadLetters() + " record(s) of this pipeline parked in the dead-letter "
                    + "topic and not replayed: the target lacks their changes (see ferry dlq list; fix the cause, then ferry dlq replay)"));
        }
        if (s.validationClean() == null) {
            out.add(new Refusal(Refusal.Code.NO_VALIDATION, "no live validation has finished since streaming began"));
        } else if (!s.validationClean()) {
            out.add(new Refusal(Refusal.Code.VALIDATION_NOT_CLEAN, "the last live validation found differences"));
        }
        return out;
    }

    private static String millis(Duration d) {
        return d.toMillis() + " ms";
    }
}
