package io.ferry.capture.bulk;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DebeziumOffsetsTest {

    @Test
    void anOffsetTakenDuringDebeziumsOwnSnapshotKeepsItsPositionWithoutTheMarks() {
        Map<String, Object> stored = new LinkedHashMap<>(Map.of("ts_sec", 1796029465, "file", "binlog.000001", "pos", 280367,
                "gtids", "0-1-295", "snapshot", "INITIAL"));
        stored.put("snapshot_completed", false);
        assertThat(DebeziumOffsets.snapshotUnfinished(stored)).isTrue();
        assertThat(DebeziumOffsets.withoutSnapshotMarks(stored)).containsOnlyKeys("ts_sec", "file", "pos", "gtids")
                .containsEntry("pos", 280367).containsEntry("gtids", "0-1-295");
        assertThat(stored).as("the stored offset itself is left alone").containsKey("snapshot");
    }

    @Test
    void aStreamingOffsetOrAnOlderFalseMarkIsNotAnUnfinishedSnapshot() {
        assertThat(DebeziumOffsets.snapshotUnfinished(Map.of("file", "binlog.000001", "pos", 4, "gtids", "0-1-9", "event", 2, "row", 1)))
                .isFalse();
        assertThat(DebeziumOffsets.snapshotUnfinished(Map.of("file", "binlog.000001", "pos", 4, "snapshot", "false"))).isFalse();
        assertThat(DebeziumOffsets.snapshotUnfinished(Map.of("file", "binlog.000001", "pos", 4, "snapshot", true))).isTrue();
    }
}
