package io.ferry.sandbox;

import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * Spells a {@link ZoneId} the way the C library (MariaDB's TZ) and PostgreSQL's timezone setting
 * understand it. Region ids such as America/New_York pass through; fixed offsets need the POSIX
 * form, whose sign is inverted ("+05:30" east of Greenwich is {@code <+0530>-05:30}).
 */
final class PosixTimeZone {

  private PosixTimeZone() {}

  static String of(ZoneId zone) {
    boolean fixedOffset =
        zone instanceof ZoneOffset || zone.getId().matches("(UTC|GMT|UT)[+-].*");
    if (!fixedOffset) {
      return zone.getId();
    }
    int seconds = ((ZoneOffset) zone.normalized()).getTotalSeconds();
    if (seconds == 0) {
      return "UTC";
    }
    int abs = Math.abs(seconds);
    String hhmm = String.format("%02d%02d", abs / 3600, abs / 60 % 60);
    String posixOffset = String.format("%s%02d:%02d", seconds > 0 ? "-" : "+", abs / 3600, abs / 60 % 60);
    return "<" + (seconds > 0 ? "+" : "-") + hhmm + ">" + posixOffset;
  }
}
