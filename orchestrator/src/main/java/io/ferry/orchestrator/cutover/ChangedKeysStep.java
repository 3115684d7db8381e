package io.ferry.orchestrator.cutover;

import io.ferry.orchestrator.validate.TouchedKeys;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Before the freeze: reads the keys changed since the last clean validation pass from the change topics, so that the
 * final validation inside the freeze reads only those that come after (the two steps share one {@link TouchedKeys}),
 * then compares their rows ahead of the freeze ({@link ReadAheadCheck}), so that inside it the final validation compares
 * only what changed after this read in the tables found equal. It changes nothing; without a clean pass it does nothing
 * and the pre-checks have refused the cutover already.
 */
public final class ChangedKeysStep implements CutoverStep {

    private final TouchedKeys touchedKeys;
    private final Supplier<Optional<CleanPass>> lastClean;
    private final ReadAheadCheck check;

    /** @param check compares the changed rows ahead of the freeze; null to leave them all to the final validation */
    public ChangedKeysStep(TouchedKeys touchedKeys, Supplier<Optional<CleanPass>> lastClean, ReadAheadCheck check) {
        this.touchedKeys = touchedKeys;
        this.lastClean = lastClean;
        this.check = check;
    }

    @Override
    public String name() {
        return "changed-keys";
    }

    @Override
    public StepReport run(CutoverContext ctx) throws Exception {
        Optional<CleanPass> clean = lastClean.get();
        if (clean.isEmpty()) {
            return StepReport.of("no clean validation pass to read changes from");
        }
        TouchedKeys.Touched touched = touchedKeys.since(clean.get().offsets());
        List<String> lines = lines(touched, "read ahead of the freeze: ");
        if (check != null) {
            lines.addAll(check.run(ctx, clean.get(), touched));
        }
        return new StepReport(lines);
    }

    @Override
    public StepReport dryRun(CutoverContext ctx) {
        return StepReport.of("would read the keys changed since the last clean pass from the change topics, before the freeze,"
                + " so that the final validation reads only the rest inside it" + (check == null ? ""
                : "; then, once the applier has applied up to there, compare their rows, so that inside the freeze it compares only"
                        + " the keys changed after that in the tables found equal"));
    }

    private static List<String> lines(TouchedKeys.Touched touched, String prefix) {
        List<String> out = new ArrayList<>();
        int keys = touched.keys().values().stream().mapToInt(k -> k == null ? 0 : k.size()).sum();
        long whole = touched.keys().values().stream().filter(k -> k == null).count();
        out.add(prefix + keys + " changed key(s) in " + touched.keys().size() + " table(s)"
                + (whole == 0 ? "" : ", " + whole + " table(s) to check in full"));
        return out;
    }
}
