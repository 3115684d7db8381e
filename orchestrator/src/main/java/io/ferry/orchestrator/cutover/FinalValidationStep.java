package io.ferry.orchestrator.cutover;

import io.ferry.orchestrator.migration.MigrationPhase;
import io.ferry.orchestrator.validate.PipelineValidation;
import io.ferry.orchestrator.validate.TouchedKeys;
import io.ferry.validator.TableReport;
import io.ferry.validator.ValidatedTable;
import io.ferry.validator.ValidationOptions;
import io.ferry.validator.ValidationReport;
import io.ferry.validator.Validator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Optional;

import java.util.function.Supplier;

/**
 * The final validation, inside the freeze: only what changed since the last clean pass ({@link Validator#runTouched}):
 * the changed rows by key when they are few, else the segments of that pass that hold them; in a table the check ahead
 * of the freeze found equal, only what changed after it ({@link ReadAheadCheck}). Any difference fails the step, and so
 * aborts the cutover.
 */
public final class FinalValidationStep implements CutoverStep {

    private final PipelineValidation validation;
    private final TouchedKeys touchedKeys;
    private final Supplier<Optional<CleanPass>> lastClean;
    private final ValidationOptions options;

    public FinalValidationStep(PipelineValidation validation, TouchedKeys touchedKeys, Supplier<Optional<CleanPass>> lastClean,
                               ValidationOptions options) {
        this.validation = validation;
        this.touchedKeys = touchedKeys;
        this.lastClean = lastClean;
        this.options = options;
    }

    @Override
    public String name() {
        return "final-validation";
    }

    @Override
    public MigrationPhase reaches() {
        return MigrationPhase.VALIDATED;
    }

    @Override
    public StepReport run(CutoverContext ctx) throws Exception {
        CleanPass clean = lastClean.get().orElseThrow(() -> new IllegalStateException("no clean validation pass to start from"));
        long t0 = System.nanoTime();
        TouchedKeys.Touched touched = touchedKeys.since(clean.offsets());
        Map<String, Set<List<String>>> keys = touched.keys();
        ReadAheadCheck.Cleared cleared = ctx.cleared();
        List<String> lines = touchedLines(touched);
        if (cleared != null) {
            // The read just made went on from where the check ahead of the freeze read to: what it found is what changed since.
            Map<String, Set<List<String>>> sinceCleared = touched.readSince(cleared.readTo()).orElse(null);
            keys = ReadAheadCheck.keysToCheck(cleared, keys, sinceCleared != null ? sinceCleared : touchedKeys.since(cleared.readTo()).keys());
            lines.add("checked ahead of the freeze: in its " + cleared.recheck().size() + " table(s) only the rows different then and those"
                    + " changed since are compared now: " + keys.values().stream().mapToInt(k -> k == null ? 0 : k.size()).sum()
                    + " key(s) in all");
        }
        long t1 = System.nanoTime();
        List<ValidatedTable> tables = validation.tables(null);
        long t2 = System.nanoTime();
        ValidationReport report;
        try (Validator v = new Validator(validation.source(), validation.target(), options, null)) {
            report = v.runTouched(tables, clean.report(), keys);
        }
        long t3 = System.nanoTime();
        lines.add("read the changes since the last clean pass in " + millis(t0, t1) + " ms and the tables' definitions in " + millis(t1, t2)
                + " ms; compared in " + millis(t2, t3) + " ms");
        if (report.hasDifferences()) {
            String first = report.tables().stream().filter(t -> t.status() != TableReport.Status.EQUAL).findFirst()
                    .map(t -> t.table() + " (" + (t.unmatchedColumns().isEmpty() ? "" : t.unmatchedColumns().get(0).describe() + "; ")
                            + t.differences().size() + " row(s), first key "
                            + (t.differences().isEmpty() ? "?" : t.differences().get(0).key()) + ")").orElse("?");
            throw new IllegalStateException("the final validation found " + report.differenceCount() + " difference(s), in " + first);
        }
        for (TableReport t : report.tables()) {
            if (t.note() != null) {
                lines.add(t.table() + ": " + t.note());
            }
        }
        lines.add("what changed is equal on both sides (" + report.elapsedMillis() + " ms)");
        return new StepReport(lines);
    }

    @Override
    public StepReport dryRun(CutoverContext ctx) throws Exception {
        Optional<CleanPass> clean = lastClean.get();
        if (clean.isEmpty()) {
            return StepReport.of("no clean validation pass yet: the cutover would be refused at this step");
        }
        List<String> lines = touchedLines(touchedKeys.since(clean.get().offsets()));
        for (TableReport t : clean.get().report().tables()) {
            lines.add(t.table() + ": " + t.segments().size() + " segment(s) in the last clean pass");
        }
        lines.add("would check the segments holding those keys, and abort on any difference");
        return new StepReport(lines);
    }

    private static long millis(long fromNanos, long toNanos) {
        return (toNanos - fromNanos) / 1_000_000L;
    }

    private static List<String> touchedLines(TouchedKeys.Touched touched) {
        List<String> lines = new ArrayList<>();
        if (touched.keys().isEmpty()) {
            lines.add("no key changed since the last clean pass");
        }
        touched.keys().forEach((table, keys) -> lines.add(table + ": " + (keys == null ? "truncated, checked in full"
                : keys.size() + " key(s) changed since the last clean pass")));
        return lines;
    }

}
