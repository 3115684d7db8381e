package io.ferry.orchestrator.schema;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * PostgreSQL names for source identifiers. Names are kept as they are (quoted, so case, spaces and
 * reserved words survive) unless they exceed PostgreSQL's 63 bytes, in which case they are cut at
 * a character boundary and given a short hash of the full name: deterministic, so a plan made
 * twice names things alike, and checked for collisions within one namespace.
 */
public final class PgIdentifiers {

    public static final int MAX_BYTES = 63;

    private final Map<String, String> taken = new HashMap<>();
    private final String namespace;

    /** @param namespace what the names share (a schema, a table's columns), for error messages */
    public PgIdentifiers(String namespace) {
        this.namespace = namespace;
    }

    /** The target name for a source name, unique within this namespace. */
    public String name(String source) {
        String target = shorten(source);
        String previous = taken.putIfAbsent(target, source);
        if (previous != null && !previous.equals(source)) {
            throw new IllegalArgumentException("in " + namespace + ", '" + source + "' and '" + previous
                    + "' would both become '" + target + "' in PostgreSQL");
        }
        return target;
    }

    public static String shorten(String source) {
        if (source.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("identifier contains a NUL character");
        }
        byte[] bytes = source.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= MAX_BYTES) {
            return source;
        }
        CRC32 crc = new CRC32();
        crc.update(bytes);
        String suffix = "_" + String.format("%08x", crc.getValue());
        int budget = MAX_BYTES - suffix.length();
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
