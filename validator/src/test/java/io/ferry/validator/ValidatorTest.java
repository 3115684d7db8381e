package io.ferry.validator;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.core.config.TypesConfig.ZeroDateRule;
import io.ferry.core.config.ZeroDatePolicy;
import io.ferry.core.schema.TableId;
import io.ferry.core.value.LogicalType;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidatorTest {

    private static final ZeroDateRule ERROR = new ZeroDateRule(ZeroDatePolicy.ERROR, null);
    private static final ValidatedTable T = new ValidatedTable(TableId.of("db", "t"), TableId.of("app", "t"),
            List.of(new ValidatedColumn("id", "id", LogicalType.INTEGER, "integer", List.of(), ERROR),
                    new ValidatedColumn("v", "v", LogicalType.STRING, "text", List.of(), ERROR)), List.of(0));

    @TempDir
    Path dir;

    private static Map<List<String>, List<String>> rows(String... idValue) {
        Map<List<String>, List<String>> m = new LinkedHashMap<>();
        for (int i = 0; i < idValue.length; i += 2) {
            m.put(List.of(idValue[i]), Arrays.asList(idValue[i], idValue[i + 1]));
        }
        return m;
    }

    @Test
    void rowsAreMissingExtraOrDifferByColumnAndNullIsNotTheEmptyString() {
        List<Difference> d = RowDiff.diff(T, rows("1", "a", "2", null, "3", "c"), rows("2", "", "3", "c", "4", "d"));
        assertThat(d).containsExactly(
                new Difference(Difference.Kind.MISSING, List.of("1"), List.of()),
                new Difference(Difference.Kind.DIFFERS, List.of("2"), List.of(new Difference.ColumnDifference("v", null, ""))),
                new Difference(Difference.Kind.EXTRA, List.of("4"), List.of()));
        assertThat(d.get(1).describe()).isEqualTo("differs: key [2] [v: source=NULL target='']");
    }

    @Test
    void longValuesAreCutInReports() {
        Difference.ColumnDifference c = new Difference.ColumnDifference("v", "x".repeat(500), "y");
        assertThat(c.source()).hasSize(Difference.ColumnDifference.MAX_SHOWN + " ... (500 chars)".length() - 1).endsWith("(500 chars)");
    }

    @Test
    void aCheckpointKeepsThePlanAndFinishedSegmentsAcrossProcesses() throws Exception {
        Path file = dir.resolve("cp.json");
        Checkpoint first = Checkpoint.open(file);
        List<KeyRange> plan = List.of(new KeyRange(null, List.of("10")), new KeyRange(List.of("10"), null));
        first.plan("app.t", plan, 20);
        first.finished("app.t", 1, new Checkpoint.SegmentVerdict(10, 9, List.of(new Difference(Difference.Kind.MISSING, List.of("12"), List.of()))));
        Checkpoint again = Checkpoint.open(file);
        assertThat(again.table("app.t").segments()).isEqualTo(plan);
        assertThat(again.table("app.t").sourceRows()).isEqualTo(20);
        assertThat(again.table("app.t").finished()).containsOnlyKeys(1);
        assertThat(again.table("app.t").finished().get(1).differences()).extracting(Difference::key).containsExactly(List.of("12"));
        assertThat(again.table("app.t").report()).isNull();
        assertThat(Files.list(dir)).containsExactly(file);
    }

    @Test
    void aReportReadsBackFromItsJsonAndSaysWhetherAnythingDiffers() {
        TableReport t = new TableReport("app.t", TableReport.Status.DIFFERENT, 3, 2, List.of(KeyRange.ALL), 1, 0,
                List.of(new Difference(Difference.Kind.MISSING, List.of("1"), List.of())), null);
        ValidationReport r = new ValidationReport(List.of(t), 42);
        assertThat(ValidationReport.fromJson(r.json())).isEqualTo(r);
        assertThat(r.hasDifferences()).isTrue();
        assertThat(r.text()).contains("DIFFERENT     app.t: 3 source rows, 2 target rows, 1 segments, 1 differing")
                .contains("missing in target: key [1]");
        assertThat(new ValidationReport(List.of(TableReport.notValidated("app.x", "no key")), 1).hasDifferences())
                .as("a table that could not be validated fails the run").isTrue();
    }

    @Test
    void segmentHashesAddUp() {
        SegmentHash a = new SegmentHash(2, BigInteger.valueOf(5));
        assertThat(a.plus(SegmentHash.EMPTY)).isEqualTo(a);
        assertThat(a.plus(a)).isEqualTo(new SegmentHash(4, BigInteger.TEN));
    }

    @Test
    void theFinalCheckReadsFewChangedRowsByKeyAndHashesSegmentsWhenMostOfTheirRowsChanged() {
        List<KeyRange> tenSegments = new java.util.ArrayList<>();
        for (int i = 0; i < 10; i++) {
            tenSegments.add(new KeyRange(i == 0 ? null : List.of(Integer.toString(i * 1000)), i == 9 ? null : List.of(Integer.toString((i + 1) * 1000))));
        }
        TableReport clean = new TableReport("app.t", TableReport.Status.EQUAL, 10_000, 10_000, tenSegments, 0, 0, List.of(), null);
        // 2 keys in 2 segments of 1,000 rows each: 40 row-equivalents against 2,000 rows to hash.
        assertThat(Validator.byKeys(2, 2, clean)).isTrue();
        // 100 keys spread over every segment: 2,000 against 10,000.
        assertThat(Validator.byKeys(100, 10, clean)).isTrue();
        // 600 keys in one segment of 1,000 rows: hashing the segment is cheaper.
        assertThat(Validator.byKeys(600, 1, clean)).isFalse();
        // A pass without a plan has nothing to narrow.
        assertThat(Validator.byKeys(1, 1, new TableReport("app.t", TableReport.Status.EQUAL, 0, 0, List.of(), 0, 0, List.of(), null))).isFalse();
    }
}
