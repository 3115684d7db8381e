package io.ferry.core.event;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A binary log file and byte offset ({@code binlog.000003:1234}), the position of a MySQL source that runs without
 * GTIDs ({@code SHOW BINARY LOG STATUS}). Files of one server share a base name and are numbered in order; a later
 * file, or a later offset in the same file, covers an earlier position. Files of different base names are not
 * comparable (another server, or a renamed log): such a position covers nothing.
 */
public record BinlogFilePosition(String file, long offset) implements LogPosition {

    private static final Pattern FILE = Pattern.compile("(.+)\\.(\\d+)");
    private static final Pattern TEXT = Pattern.compile("(.+\\.\\d+):(\\d+)");

    public BinlogFilePosition {
        if (file == null || !FILE.matcher(file).matches() || offset < 0) {
            throw new IllegalArgumentException("not a binlog file position (file.NNNNNN:offset, e.g. binlog.000003:1234): '"
                    + file + ":" + offset + "'");
        }
    }

    /** @throws IllegalArgumentException unless the text is {@code name.number:offset} */
    public static BinlogFilePosition parse(String text) {
        Matcher m = text == null ? null : TEXT.matcher(text.trim());
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException("not a binlog file position (file.NNNNNN:offset, e.g. binlog.000003:1234): '" + text + "'");
        }
        try {
            return new BinlogFilePosition(m.group(1), Long.parseLong(m.group(2)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("binlog offset out of range: '" + text + "'", e);
        }
    }

    /** Whether the text is of this form rather than a GTID form (those have no {@code name.number:offset}). */
    public static boolean looksLike(String text) {
        return text != null && !text.contains(",") && TEXT.matcher(text.trim()).matches();
    }

    /** The file's base name ({@code binlog} of {@code binlog.000003}). */
    public String base() {
        Matcher m = FILE.matcher(file);
        m.matches();
        return m.group(1);
    }

    /** The file's number ({@code 3} of {@code binlog.000003}). */
    public long sequence() {
        Matcher m = FILE.matcher(file);
        m.matches();
        try {
            return Long.parseLong(m.group(2));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("binlog file number out of range: '" + file + "'", e);
        }
    }

    @Override
    public boolean covers(LogPosition other) {
        if (!(other instanceof BinlogFilePosition o)) {
            throw LogPosition.incomparable(this, other);
        }
        if (!base().equals(o.base())) {
            return false;
        }
        int byFile = Long.compare(sequence(), o.sequence());
        return byFile > 0 || byFile == 0 && offset >= o.offset;
    }

    @Override
    public String text() {
        return file + ":" + offset;
    }
}
