package io.ferry.capture.bulk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class BulkCutTest {

    @Test
    void theOffsetIsDebeziumsCompletedSnapshotOffsetAtTheCut() {
        BulkCut cut = new BulkCut("binlog.000003", 1234, "0-1-77,1-2-5", 40, "global read lock");
        assertThat(cut.debeziumOffset()).containsExactlyInAnyOrderEntriesOf(
                Map.of("file", "binlog.000003", "pos", 1234L, "gtids", "0-1-77,1-2-5", "event", 0L, "row", 0L));
        assertThat(cut.debeziumOffset()).doesNotContainKey("snapshot");
    }

    @Test
    void aSourceWithoutGtidsGivesAFileAndPositionOnly() {
        assertThat(new BulkCut("binlog.000001", 4, " ", 0, "x").debeziumOffset()).doesNotContainKey("gtids").containsEntry("pos", 4L);
    }

    @Test
    void refusesACutWithoutABinlog() {
        assertThatThrownBy(() -> new BulkCut("", 100, null, 0, "x")).hasMessageContaining("log_bin");
        assertThatThrownBy(() -> new BulkCut("binlog.000001", 0, null, 0, "x")).hasMessageContaining("not a binlog position");
    }
}
