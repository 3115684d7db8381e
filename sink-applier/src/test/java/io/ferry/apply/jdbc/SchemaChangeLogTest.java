package io.ferry.apply.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.core.event.BinlogPosition;
import org.junit.jupiter.api.Test;

class SchemaChangeLogTest {

    private static BinlogPosition at(long pos) {
        return new BinlogPosition("binlog.000001", pos, 0, null);
    }

    @Test
    void aChangeIsCoveredOnlyByOneCarriedAtOrAfterIt() {
        assertThat(SchemaChangeLog.covered(null, at(100))).as("nothing carried yet").isFalse();
        assertThat(SchemaChangeLog.covered(at(100), at(100))).as("the same change from another partition").isTrue();
        assertThat(SchemaChangeLog.covered(at(200), at(100))).as("an earlier change after a later one was carried").isTrue();
        assertThat(SchemaChangeLog.covered(at(100), at(200))).as("a later change").isFalse();
        assertThat(SchemaChangeLog.covered(at(100), new BinlogPosition("binlog.000002", 4, 0, null)))
                .as("a change in the next binlog file").isFalse();
    }
}
