package io.ferry.core.event;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A PostgreSQL WAL position (log sequence number), an unsigned 64-bit value written as {@code X/Y}.
 */
public record PgLsn(@JsonIgnore long value) implements SourcePosition, LogPosition {

    @JsonCreator
    public static PgLsn parse(@JsonProperty("lsn") String text) {
        int slash = text == null ? -1 : text.indexOf('/');
        if (slash <= 0 || slash == text.length() - 1) {
            throw new IllegalArgumentException("not an LSN (expected X/Y in hex): '" + text + "'");
        }
        try {
            long hi = Long.parseLong(text.substring(0, slash), 16);
            long lo = Long.parseLong(text.substring(slash + 1), 16);
            if (hi > 0xFFFFFFFFL || lo > 0xFFFFFFFFL) {
                throw new IllegalArgumentException("LSN part over 32 bits: '" + text + "'");
            }
            return new PgLsn((hi << 32) | lo);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not an LSN (expected X/Y in hex): '" + text + "'", e);
        }
    }

    @JsonProperty("lsn")
    @Override
    public String text() {
        return Long.toHexString(value >>> 32).toUpperCase() + "/" + Long.toHexString(value & 0xFFFFFFFFL).toUpperCase();
    }

    @Override
    public int compareTo(SourcePosition other) {
        if (!(other instanceof PgLsn o)) {
            throw SourcePosition.incomparable(this, other);
        }
        return Long.compareUnsigned(value, o.value);
    }

    @Override
    public boolean covers(LogPosition other) {
        if (!(other instanceof PgLsn o)) {
            throw LogPosition.incomparable(this, other);
        }
        return Long.compareUnsigned(value, o.value) >= 0;
    }

    @Override
    public String describe() {
        return "lsn " + text();
    }
}
