package io.ferry.core.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Objects;

/**
 * A MySQL/MariaDB binlog position: file, byte offset of the event, and the row within a
 * multi-row event (several changes share one file offset, so the row index is part of the order).
 * The GTID is carried for operators and for GTID-based resume; it does not take part in ordering,
 * because GTID sets of several domains are not totally ordered.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BinlogPosition(String file, long pos, int row, String gtid) implements SourcePosition {

    public BinlogPosition {
        Objects.requireNonNull(file, "file");
        if (pos < 0 || row < 0) {
            throw new IllegalArgumentException("binlog offset and row must not be negative: " + file + ":" + pos + "#" + row);
        }
    }

    /** The numeric suffix of a binlog file name ({@code binlog.000012} is 12); -1 when it has none. */
    public long fileSequence() {
        int dot = file.lastIndexOf('.');
        if (dot < 0 || dot == file.length() - 1) {
            return -1;
        }
        try {
            return Long.parseLong(file.substring(dot + 1));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    @Override
    public int compareTo(SourcePosition other) {
        if (!(other instanceof BinlogPosition o)) {
            throw SourcePosition.incomparable(this, other);
        }
        int c = Long.compare(fileSequence(), o.fileSequence());
        if (c == 0) {
            c = file.compareTo(o.file);
        }
        if (c == 0) {
            c = Long.compare(pos, o.pos);
        }
        return c != 0 ? c : Integer.compare(row, o.row);
    }

    @Override
    public String describe() {
        return file + ":" + pos + "#" + row + (gtid == null ? "" : " gtid=" + gtid);
    }
}
