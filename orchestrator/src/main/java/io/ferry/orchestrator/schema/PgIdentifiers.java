package io.ferry.orchestrator.schema;

import io.ferry.core.schema.TargetNames;
import java.util.HashMap;
import java.util.Map;

/**
 * PostgreSQL names for source identifiers within one namespace. Names are kept as they are (quoted,
 * so case, spaces and reserved words survive) unless they exceed PostgreSQL's 63 bytes
 * ({@link TargetNames#shorten}); the results are checked for collisions.
 */
public final class PgIdentifiers {

    public static final int MAX_BYTES = TargetNames.MAX_BYTES;

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
        return io.ferry.core.value.jdbc.Engine.POSTGRESQL.quote(identifier);
    }

    /** See {@link TargetNames#shorten(String)}. */
    public static String shorten(String source) {
        return TargetNames.shorten(source);
    }
}
