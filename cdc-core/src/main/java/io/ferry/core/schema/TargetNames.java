package io.ferry.core.schema;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * PostgreSQL names for source identifiers, shared by the schema planner (which creates them) and
 * the applier (which writes to them). A name is kept as it is unless it exceeds PostgreSQL's 63
 * bytes; then it is cut at a character boundary and given a short hash of the full name, so it is
 * deterministic. The planner checks the results for collisions within each namespace.
 */
public final class TargetNames {

    public static final int MAX_BYTES = 63;

    private TargetNames() {
    }

    public static String shorten(String source) {
        return shorten(source, MAX_BYTES);
    }

    /** The name for a target whose identifiers may be at most {@code maxBytes} bytes of UTF-8. */
    public static String shorten(String source, int maxBytes) {
        if (source.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("identifier contains a NUL character");
        }
        byte[] bytes = source.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= maxBytes) {
            return source;
        }
        CRC32 crc = new CRC32();
        crc.update(bytes);
        String suffix = "_" + String.format("%08x", crc.getValue());
        int budget = maxBytes - suffix.length();
        StringBuilder head = new StringBuilder();
        int used = 0;
        for (int i = 0; i < source.length(); ) {
            int cp = source.codePointAt(i);
            int len = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
            if (used + len > budget) {
                break;
            }
            head.appendCodePoint(cp);
            used += len;
            i += Character.charCount(cp);
        }
        return head + suffix;
    }
}
