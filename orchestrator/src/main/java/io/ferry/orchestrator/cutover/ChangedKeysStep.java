package io.ferry.orchestrator.cutover;

import io.ferry.orchestrator.validate.TouchedKeys;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Before the freeze: reads the keys changed since the last clean validation pass from the change topics, so that the
 * final validation inside the freeze reads only those that come after (the two steps share one {@link TouchedKeys}).
 * It changes nothing; without a clean pass it does nothing and the pre-checks have refused the cutover already.
 */
public final class ChangedKeysStep implements CutoverStep {

    private final TouchedKeys touchedKeys;
    private final Supplier<Optional<CleanPass>> lastClean;

    public ChangedKeysStep(TouchedKeys touchedKeys, Supplier<Optional<CleanPass>> lastClean) {
        this.touchedKeys = touchedKeys;
        this.lastClean = lastClean;
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
        return new StepReport(lines(touchedKeys.since(clean.get().offsets()), "read ahead of the freeze: "));
    }

    @Override
    public StepReport dryRun(CutoverContext ctx) {
        return StepReport.of("would read the keys changed since the last clean pass from the change topics, before the freeze,"
                + " so that the final validation reads only the rest inside it");
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
