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
 * Live mode: a segment that differs while changes still flow is checked again once the applier has passed the
 * source position at which the difference was seen, until it agrees, shows exactly the same differences again
 * (they persist), or the convergence timeout passes. Only what persists stays in the verdicts.
 */
final class LiveRecheck {

    private static final Logger LOG = LoggerFactory.getLogger(LiveRecheck.class);
    private static final Duration PAUSE = Duration.ofMillis(200);

    /** Checks one segment again. */
    @FunctionalInterface
    interface SegmentCheck {
        Checkpoint.SegmentVerdict check(KeyRange range) throws SQLException, InterruptedException;
    }

    private final Convergence convergence;
    private final Duration timeout;

    /** @param convergence the pipeline's positions, or null for a one-pass run; timeout null for a one-pass run */
    LiveRecheck(Convergence convergence, Duration timeout) {
        this.convergence = convergence;
        this.timeout = timeout;
    }

    /** Rechecks the differing segments in place; returns how many segment checks were repeated. */
    int converge(String table, List<KeyRange> plan, Map<Integer, Checkpoint.SegmentVerdict> verdicts, SegmentCheck check)
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
                List<Difference> before = verdicts.get(i).differences();
                Checkpoint.SegmentVerdict v = check.check(plan.get(i));
                rechecked++;
                verdicts.put(i, v);
                // The target now holds everything the source held at the mark, which came after the earlier sighting.
                // A difference seen again exactly (same source and target values) therefore persists; one that
                // changed may still be on its way, so its segment is checked again.
                if (v.differences().isEmpty() || before.containsAll(v.differences())) {
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
