package io.ferry.orchestrator.cutover;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** Which keys the final validation compares inside the freeze after the check ahead of it. */
class ReadAheadCheckTest {

    private static Set<List<String>> keys(String... ks) {
        return java.util.Arrays.stream(ks).map(List::of).collect(java.util.stream.Collectors.toSet());
    }

    /** orders compared ahead with row 2 different then; notes compared ahead and equal. */
    private static final ReadAheadCheck.Cleared CLEARED = new ReadAheadCheck.Cleared(Map.of(new TopicPartition("t", 0), 42L),
            Map.of("app.orders", keys("2"), "app.notes", keys()));

    @Test
    void aClearedTableIsComparedOnlyAtTheRowsThenDifferentAndThoseChangedAfterTheCheck() {
        Map<String, Set<List<String>>> sinceClean = Map.of("app.orders", keys("1", "2", "3"), "app.notes", keys("7"));
        Map<String, Set<List<String>>> sinceCleared = Map.of("app.orders", keys("3", "4"));

        Map<String, Set<List<String>>> check = ReadAheadCheck.keysToCheck(CLEARED, sinceClean, sinceCleared);

        assertThat(check).as("notes: equal ahead and unchanged since").containsOnlyKeys("app.orders");
        assertThat(check.get("app.orders")).isEqualTo(keys("2", "3", "4"));
    }

    @Test
    void aTableNotClearedIsComparedAtEveryKeyChangedSinceTheCleanPassAndAfter() {
        Map<String, Set<List<String>>> sinceClean = Map.of("app.lines", keys("1", "2"));
        Map<String, Set<List<String>>> sinceCleared = Map.of("app.lines", keys("2", "9"), "app.fresh", keys("5"));

        Map<String, Set<List<String>>> check = ReadAheadCheck.keysToCheck(CLEARED, sinceClean, sinceCleared);

        assertThat(check.get("app.lines")).isEqualTo(keys("1", "2", "9"));
        assertThat(check.get("app.fresh")).as("a table changed only after the check's read").isEqualTo(keys("5"));
    }

    @Test
    void aTruncateOrSchemaChangeNotClearedOrAfterTheCheckMeansTheWholeTable() {
        Map<String, Set<List<String>>> sinceClean = new HashMap<>();
        sinceClean.put("app.lines", null);
        sinceClean.put("app.orders", keys("1"));
        sinceClean.put("app.notes", null); // compared in full ahead, and cleared
        Map<String, Set<List<String>>> sinceCleared = new HashMap<>();
        sinceCleared.put("app.lines", keys("4"));
        sinceCleared.put("app.orders", null);

        Map<String, Set<List<String>>> check = ReadAheadCheck.keysToCheck(CLEARED, sinceClean, sinceCleared);

        assertThat(check).containsEntry("app.lines", null).containsEntry("app.orders", null).doesNotContainKey("app.notes");
    }

    @Test
    void anApplierNotCaughtUpClearsNothingAndLeavesEveryChangedKeyToTheFreeze() {
        ReadAheadCheck check = new ReadAheadCheck(null, io.ferry.validator.ValidationOptions.DEFAULTS, (offsets, timeout) -> {
            throw new IllegalStateException("timed out waiting for the applier to apply 12 more change records");
        });
        CutoverContext ctx = new CutoverContext(null, false);
        var touched = new io.ferry.orchestrator.validate.TouchedKeys.Touched(Map.of("app.orders", keys("1")),
                Map.of(new TopicPartition("t", 0), 42L));

        List<String> lines = check.run(ctx, null, touched);

        assertThat(ctx.cleared()).isNull();
        assertThat(lines).singleElement().asString().contains("checked nothing ahead", "12 more change records",
                "the final validation compares every changed key inside the freeze");
    }

    @Test
    void nothingChangedMeansNothingToCheckAhead() {
        ReadAheadCheck check = new ReadAheadCheck(null, io.ferry.validator.ValidationOptions.DEFAULTS, (offsets, timeout) -> {
            throw new AssertionError("no wait without changes");
        });
        CutoverContext ctx = new CutoverContext(null, false);

        assertThat(check.run(ctx, null, new io.ferry.orchestrator.validate.TouchedKeys.Touched(Map.of(), Map.of()))).isEmpty();
        assertThat(ctx.cleared()).isNull();
    }
}
