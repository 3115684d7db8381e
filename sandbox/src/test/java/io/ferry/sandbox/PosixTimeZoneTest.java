package io.ferry.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class PosixTimeZoneTest {

  @Test
  void regionIdsPassThrough() {
    assertThat(PosixTimeZone.of(ZoneId.of("America/New_York"))).isEqualTo("America/New_York");
    assertThat(PosixTimeZone.of(ZoneId.of("Etc/UTC"))).isEqualTo("Etc/UTC");
  }

  @Test
  void fixedOffsetsUsePosixSignsWestPositive() {
    assertThat(PosixTimeZone.of(ZoneOffset.ofHoursMinutes(5, 30))).isEqualTo("<+0530>-05:30");
    assertThat(PosixTimeZone.of(ZoneId.of("UTC-03:00"))).isEqualTo("<-0300>+03:00");
    assertThat(PosixTimeZone.of(ZoneOffset.UTC)).isEqualTo("UTC");
  }
}
