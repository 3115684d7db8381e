package io.ferry.validator;

import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Live mode: the rows a segment check found different while changes still flow are read again, by key on both sides,
 * once the applier has passed the source position of that moment, until they agree, show exactly the same
 * differences again (they persist), or the convergence timeout passes. Only what persists stays in the verdicts.
 *
 * <p>Rows, not whole segments: a segment that takes new rows all the time (the last one, under an application that
 * inserts) would show new rows in flight at every re-read, and never agree under a busy writer on a loaded machine.
 * A row written after the pass began is the next pass's to check, as the final validation's touched keys are.
 */
final class LiveRecheck {

    private static final Logger LOG = LoggerFactory.getLogger(LiveRecheck.class);
    private static final Duration PAUSE = Duration.ofMillis(200);

    /** Compares the rows of these keys on both sides again. */
    @FunctionalInterface
    interface KeyCheck {
        List<Difference> check(List<List<String>> keys) throws SQLException, InterruptedException;
    }

    private final Convergence convergence;
    private final Duration timeout;

    /** @param convergence the pipeline's positions, or null for a one-pass run; timeout null for a one-pass run */
    LiveRecheck(Convergence convergence, Duration timeout) {
        this.convergence = convergence;
        this.timeout = timeout;
    }

    /** Rechecks the differing rows of each segment in place; returns how many segment rechecks were made. */
    int converge(String table, Map<Integer, Checkpoint.SegmentVerdict> verdicts, KeyCheck check)
            throws SQLException, InterruptedException {
        int rechecked = 0;
        if (timeout == null || convergence == null) {
            return rechecked;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        Set<Integer> differing = new LinkedHashSet<>();
        verdicts.forEach((i, v) -> {
            if (!v.differences().isEmpty()) {
                differing.add(i);
            }
        });
        while (!differing.isEmpty() && System.nanoTime() < deadline) {
            boolean applied;
            try {
                io.ferry.core.event.LogPosition mark = convergence.mark();
                applied = convergence.awaitApplied(mark, Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException("live mode cannot follow the pipeline: " + e.getMessage(), e);
            }
            if (!applied) {
                LOG.info("{}: the applier did not reach the source position within the convergence timeout", table);
                break;
            }
            for (Integer i : List.copyOf(differing)) {
                Checkpoint.SegmentVerdict was = verdicts.get(i);
                List<Difference> before = was.differences();
                List<Difference> now = check.check(before.stream().map(Difference::key).toList());
                rechecked++;
                verdicts.put(i, new Checkpoint.SegmentVerdict(was.sourceRows(), was.targetRows(), now));
                // The target now holds everything the source held at the mark, which came after the earlier sighting.
                // A difference seen again exactly (same source and target values) therefore persists; one that
                // changed may still be on its way, so its rows are read again.
                if (now.isEmpty() || before.containsAll(now)) {
                    differing.remove(i);
                }
            }
            if (!differing.isEmpty()) {
                Thread.sleep(PAUSE.toMillis());
            }
        }
        return rechecked;
    }
}
