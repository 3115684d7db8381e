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

    /** PostgreSQL's reserved key words, which {@code format_type} and {@code quote_ident} always quote. */
    private static final java.util.Set<String> RESERVED = java.util.Set.of("all", "analyse", "analyze", "and", "any",
            "array", "as", "asc", "asymmetric", "both", "case", "cast", "check", "collate", "column", "constraint", "create",
            "current_catalog", "current_date", "current_role", "current_time", "current_timestamp", "current_user", "default",
            "deferrable", "desc", "distinct", "do", "else", "end", "except", "false", "fetch", "for", "foreign", "from",
            "grant", "group", "having", "in", "initially", "intersect", "into", "lateral", "leading", "limit", "localtime",
            "localtimestamp", "not", "null", "offset", "on", "only", "or", "order", "placing", "primary", "references",
            "returning", "select", "session_user", "some", "symmetric", "table", "then", "to", "trailing", "true", "union",
            "unique", "user", "using", "variadic", "when", "where", "window", "with");

    /** An identifier as PostgreSQL prints it in {@code format_type}: bare when it may be, else double-quoted. */
    public static String quoteIfNeeded(String identifier) {
        if (identifier.matches("[a-z_][a-z0-9_$]*") && !RESERVED.contains(identifier)) {
            return identifier;
        }
        return '"' + identifier.replace("\"", "\"\"") + '"';
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
