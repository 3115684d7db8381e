package io.ferry.capture;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.core.event.BinlogPosition;
import io.ferry.core.event.ChangeEvent;
import io.ferry.core.event.Op;
import io.ferry.core.schema.TableId;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OversizedEventsTest {

    private final ChangeEvent update = ChangeEvent.of(Op.UPDATE, "p", TableId.of("shop", "files"), Map.of("id", "42"),
            Map.of("id", "42", "data", "AAAA"), null, new BinlogPosition("binlog.000007", 1234, 0, "0-1-9"), null, null, 1);

    @Test
    void anEventWithinTheLimitPasses() {
        assertThatCode(() -> OversizedEvents.check(update, 1000, 1000)).doesNotThrowAnyException();
    }

    @Test
    void anEventOverTheLimitNamesTableKeyPositionSizeAndTheSettingToRaise() {
        assertThatThrownBy(() -> OversizedEvents.check(update, 4_194_651, 1_048_576))
                .isInstanceOf(CaptureFailedException.class)
                .hasMessageContaining("table shop.files")
                .hasMessageContaining("key {id=42}")
                .hasMessageContaining("binlog.000007")
                .hasMessageContaining("4194651 bytes")
                .hasMessageContaining("kafka.maxMessageBytes is 1048576")
                .hasMessageContaining("set kafka.maxMessageBytes in the pipeline file above 4194651");
    }
}
