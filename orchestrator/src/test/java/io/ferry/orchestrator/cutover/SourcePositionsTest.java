package io.ferry.orchestrator.cutover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SourcePositionsTest {

    private static final String U1 = "3e11fa47-71ca-11e1-9e33-c80aa9429562";
    private static final String U2 = "4f22fa47-71ca-11e1-9e33-c80aa9429563";

    @Test
    void comparesPostgresLsnsAsUnsignedPositionsAndWaitsOutTheSnapshot() {
        long lsn = (0x1L << 32) | 0x16B3748L; // 1/16B3748
        assertThat(SourcePositions.reached(Map.of("lsn", lsn), "1/16B3748")).isTrue();
        assertThat(SourcePositions.reached(Map.of("lsn", lsn), "1/16B3749")).isFalse();
        assertThat(SourcePositions.reached(Map.of("lsn", lsn), "0/FFFFFFFF")).as("the high part counts first").isTrue();
        assertThat(SourcePositions.reached(Map.of("lsn", lsn), "2/0")).isFalse();
        assertThat(io.ferry.orchestrator.pipeline.CatchUp.captureCovers(Map.of("lsn", lsn, "snapshot", true), "0/1"))
                .as("a snapshot record does not show the snapshot delivered").isFalse();
        assertThat(io.ferry.orchestrator.pipeline.CatchUp.captureCovers(Map.of("lsn", lsn, "txId", 7), "0/1")).isTrue();
        assertThatThrownBy(() -> SourcePositions.reached(Map.of("lsn", lsn), "16B3748")).hasMessageContaining("not an LSN");
    }

    @Test
    void comparesMariaDbGtidListsPerDomain() {
        assertThat(SourcePositions.reached(Map.of("gtids", "0-1-42,1-2-7"), "0-1-42")).isTrue();
        assertThat(SourcePositions.reached(Map.of("gtids", "0-1-41"), "0-1-42")).isFalse();
        assertThat(SourcePositions.reached(Map.of("file", "binlog.000001", "pos", 4), "0-1-42")).as("no GTIDs yet").isFalse();
    }

    @Test
    void comparesMySqlGtidSetsByInterval() {
        assertThat(SourcePositions.reached(Map.of("gtids", U1 + ":1-100," + U2 + ":1-5"), U1 + ":1-100,\n" + U2 + ":3")).isTrue();
        assertThat(SourcePositions.reached(Map.of("gtids", U1 + ":1-99"), U1 + ":1-100")).isFalse();
        assertThat(SourcePositions.reached(Map.of("gtids", U1 + ":1-100"), U1 + ":1-100," + U2 + ":1")).as("a server not seen yet").isFalse();
        assertThat(SourcePositions.mysqlCovers(U1 + ":1-10:12-20", U1 + ":11")).as("a gap").isFalse();
        assertThatThrownBy(() -> SourcePositions.mysqlCovers(U1 + ":x", U1 + ":1")).hasMessageContaining("not a MySQL GTID interval");
    }

    @Test
    void comparesBinlogFilesByNumberThenPosition() {
        assertThat(SourcePositions.reached(Map.of("file", "binlog.000003", "pos", 1234L), "binlog.000003:1234")).isTrue();
        assertThat(SourcePositions.reached(Map.of("file", "binlog.000010", "pos", 4L), "binlog.000009:99999")).isTrue();
        assertThat(SourcePositions.reached(Map.of("file", "binlog.000003", "pos", 1000L), "binlog.000003:1234")).isFalse();
        assertThat(SourcePositions.reached(Map.of("gtids", "0-1-1"), "binlog.000003:1234")).isFalse();
        assertThat(SourcePositions.reached(Map.of(), "")).as("an empty binlog has nothing to wait for").isTrue();
    }
}
