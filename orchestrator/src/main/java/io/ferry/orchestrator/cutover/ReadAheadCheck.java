package io.ferry.orchestrator.cutover;

import io.ferry.orchestrator.validate.PipelineValidation;
import io.ferry.orchestrator.validate.TouchedKeys;
import io.ferry.validator.TableReport;
import io.ferry.validator.ValidationOptions;
import io.ferry.validator.ValidationReport;
import io.ferry.validator.Validator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.TopicPartition;

/**
 * Before the freeze, compares the rows changed since the last clean pass (the keys {@link ChangedKeysStep} read ahead),
 * once the applier has applied every change up to where that read ended. Each table compared is cleared up to there
 * but for the rows found different (a change after the read that was applied while they were compared, or a real
 * difference; the validator lists every one by key): inside the freeze the final validation then compares only those
 * rows and the ones changed after the read ({@link #keysToCheck}), so that the freeze lasts as long as the changes of its
 * last moments take to compare, not those since the last clean pass. A table with a column on one side only is not
 * cleared. Nothing here aborts a cutover.
 *
 * <p>Exact: after the applier reached the read's end, a row found equal can change on either side only through a change
 * after the read (the source by a new commit, the target by the applier applying it), and every such change is in the
 * keys read inside the freeze.
 */
public final class ReadAheadCheck {

    /** How long the check waits for the applier to apply up to the read's end before it gives up (and clears nothing). */
    static final Duration APPLIED_WAIT = Duration.ofSeconds(10);

    /** Waits until the applier has applied every change partition up to the given offsets; throws at the timeout. */
    @FunctionalInterface
    public interface AppliedUpTo {
        void await(Map<TopicPartition, Long> offsets, Duration timeout) throws Exception;
    }

    /**
     * The tables compared, as of the change topics' offsets {@code readTo}, each with the keys of its rows found different
     * then, which the final validation compares again.
     */
    public record Cleared(Map<TopicPartition, Long> readTo, Map<String, Set<List<String>>> recheck) {

        public Cleared {
            readTo = Map.copyOf(readTo);
            Map<String, Set<List<String>>> copy = new HashMap<>();
            recheck.forEach((table, keys) -> copy.put(table, Set.copyOf(keys)));
            recheck = Map.copyOf(copy);
        }
    }

    private final PipelineValidation validation;
    private final ValidationOptions options;
    private final AppliedUpTo applied;

    public ReadAheadCheck(PipelineValidation validation, ValidationOptions options, AppliedUpTo applied) {
        this.validation = validation;
        this.options = options;
        this.applied = applied;
    }

    /**
     * Compares the rows of {@code touched} once the applier has applied up to where it was read, records what it cleared
     * in {@code ctx}, and says what it did.
     */
    List<String> run(CutoverContext ctx, CleanPass clean, TouchedKeys.Touched touched) {
        List<String> lines = new ArrayList<>();
        if (touched.keys().isEmpty()) {
            return lines;
        }
        long t0 = System.nanoTime();
        try {
            applied.await(touched.readTo(), APPLIED_WAIT);
            long t1 = System.nanoTime();
            ValidationReport report;
            try (Validator v = new Validator(validation.source(), validation.target(), options, null)) {
                report = v.runTouched(validation.tables(null), clean.report(), touched.keys());
            }
            Map<String, Set<List<String>>> recheck = new HashMap<>();
            List<String> notCleared = new ArrayList<>();
            int differing = 0;
            for (TableReport t : report.tables()) {
                if (!touched.keys().containsKey(t.table())) {
                    continue;
                }
                if (!t.unmatchedColumns().isEmpty()) {
                    notCleared.add(t.table());
                    continue;
                }
                Set<List<String>> keys = new HashSet<>();
                t.differences().forEach(d -> keys.add(d.key()));
                differing += keys.size();
                recheck.put(t.table(), keys);
            }
            ctx.cleared(new Cleared(touched.readTo(), recheck));
            lines.add("checked ahead of the freeze in " + millis(t0, System.nanoTime()) + " ms (" + millis(t0, t1)
                    + " ms waiting for the applier): " + recheck.size() + " table(s), " + differing + " row(s) different then (changed"
                    + " while compared, or really), compared again inside the freeze"
                    + (notCleared.isEmpty() ? "" : "; compared in full inside it: " + String.join(", ", new TreeSet<>(notCleared))));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            lines.add("checked nothing ahead (interrupted); the final validation compares every changed key inside the freeze");
        } catch (Exception e) {
            // The applier not caught up within APPLIED_WAIT, or a database or broker error: the final validation does it all.
            lines.add("checked nothing ahead (" + e.getClass().getSimpleName() + ": " + e.getMessage()
                    + "); the final validation compares every changed key inside the freeze");
        }
        return lines;
    }

    /**
     * The keys the final validation compares inside the freeze: for a table cleared ahead, those found different then and
     * those changed after the read's end ({@code sinceCleared}); for any other, those changed since the last clean pass
     * ({@code sinceClean}) and since (the two reads end at different moments). A table mapped to null is compared in full.
     */
    static Map<String, Set<List<String>>> keysToCheck(Cleared cleared, Map<String, Set<List<String>>> sinceClean,
                                                      Map<String, Set<List<String>>> sinceCleared) {
        Map<String, Set<List<String>>> keys = new HashMap<>();
        Set<String> tables = new HashSet<>(sinceClean.keySet());
        tables.addAll(sinceCleared.keySet());
        tables.addAll(cleared.recheck().keySet());
        for (String table : tables) {
            Set<List<String>> before = cleared.recheck().containsKey(table) ? cleared.recheck().get(table) : sinceClean.get(table);
            boolean wholeBefore = !cleared.recheck().containsKey(table) && sinceClean.containsKey(table) && sinceClean.get(table) == null;
            boolean wholeAfter = sinceCleared.containsKey(table) && sinceCleared.get(table) == null;
            if (wholeBefore || wholeAfter) {
                keys.put(table, null);
                continue;
            }
            Set<List<String>> union = new HashSet<>(before == null ? Set.of() : before);
            union.addAll(sinceCleared.getOrDefault(table, Set.of()));
            if (!union.isEmpty()) {
                keys.put(table, union);
            }
        }
        return keys;
    }

    private static long millis(long fromNanos, long toNanos) {
        return (toNanos - fromNanos) / 1_000_000L;
    }
}
