package io.ferry.core.config;

import java.util.Locale;
import java.util.Map;

/**
 * How source column types become PostgreSQL types, and how values that PostgreSQL cannot hold are treated.
 * The defaults are tabled in {@code docs/type-mapping.md}; this section changes them for every column of a type
 * ({@code byType}) or for one column ({@code columns}). Schema planning and capture read the same rules here, so the
 * target's column type and the values sent to it always agree.
 *
 * @param tinyint1         how {@code TINYINT(1)} maps: null selects {@link Tinyint1Mapping#BOOLEAN}
 * @param enums            how {@code ENUM} maps: null selects {@link EnumMapping#CHECK}
 * @param sets             how {@code SET} maps: null selects {@link SetMapping#TEXT}
 * @param zeroDates        the default zero-date policy: null selects {@link ZeroDatePolicy#ERROR}
 * @param zeroDateSentinel the value written for a zero date under {@link ZeroDatePolicy#SENTINEL}, in the column's
 *                         own form ({@code 0001-01-01}, {@code 0001-01-01 00:00:00}); per column it may be overridden
 * @param byType           source type as declared (lower case, {@code tinyint(1)}, {@code datetime(6)}) or bare
 *                         ({@code json}) to a PostgreSQL type
 * @param columns          per {@code table.column} of the source, rules that win over everything above
 */
public record TypesConfig(
        Tinyint1Mapping tinyint1,
        EnumMapping enums,
        SetMapping sets,
        ZeroDatePolicy zeroDates,
        String zeroDateSentinel,
        Map<String, String> byType,
        Map<String, ColumnRule> columns) {

    /** Every rule at its default. */
    public static final TypesConfig DEFAULTS = new TypesConfig(null, null, null, null, null, null, null);

    /** {@code boolean} keeps 0 and 1 only (any other value stops capture with an error); {@code smallint} keeps all. */
    public enum Tinyint1Mapping { BOOLEAN, SMALLINT }

    /** {@code check}: text with a CHECK on the labels; {@code pg_enum}: a PostgreSQL enum type; {@code text}: plain text. */
    public enum EnumMapping { CHECK, PG_ENUM, TEXT }

    /** {@code text}: the labels sorted and comma-separated; {@code array}: a sorted {@code text[]}. */
    public enum SetMapping { TEXT, ARRAY }

    /**
     * Rules for one column.
     *
     * @param type      the PostgreSQL type to create, instead of the mapped one
     * @param zeroDates the zero-date policy for this column
     * @param sentinel  the sentinel for this column
     */
    public record ColumnRule(String type, ZeroDatePolicy zeroDates, String sentinel) {
    }

    /** The zero-date treatment of one column. */
    public record ZeroDateRule(ZeroDatePolicy policy, String sentinel) {
    }

    public TypesConfig {
        tinyint1 = tinyint1 != null ? tinyint1 : Tinyint1Mapping.BOOLEAN;
        enums = enums != null ? enums : EnumMapping.CHECK;
        sets = sets != null ? sets : SetMapping.TEXT;
        zeroDates = zeroDates != null ? zeroDates : ZeroDatePolicy.ERROR;
        byType = byType == null ? Map.of() : lowerCaseKeys(byType);
        columns = columns == null ? Map.of() : Map.copyOf(columns);
        Checks checks = Checks.on(TypesConfig.class);
        checks.require(zeroDates != ZeroDatePolicy.SENTINEL || zeroDateSentinel != null, "zeroDateSentinel",
                "is required when zeroDates is sentinel");
        byType.forEach((k, v) -> checks.require(v != null && !v.isBlank(), "byType." + k, "must name a PostgreSQL type"));
        for (var e : columns.entrySet()) {
            String key = e.getKey();
            ColumnRule rule = e.getValue();
            checks.require(key.indexOf('.') > 0 && key.indexOf('.') < key.length() - 1, "columns." + key,
                    "must be written table.column");
            if (rule != null) {
                checks.require(rule.type() == null || !rule.type().isBlank(), "columns." + key + ".type", "must not be empty");
                ZeroDatePolicy p = rule.zeroDates() != null ? rule.zeroDates() : zeroDates;
                checks.require(p != ZeroDatePolicy.SENTINEL || rule.sentinel() != null || zeroDateSentinel != null,
                        "columns." + key + ".sentinel", "is required when zeroDates is sentinel");
            }
        }
        checks.validate();
    }

    /**
     * The PostgreSQL type the user chose for a column, or null for the default mapping.
     *
     * @param declaredType the column's type as declared ({@code tinyint(1) unsigned})
     * @param bareType     the column's bare type ({@code tinyint})
     */
    public String typeOverride(String table, String column, String declaredType, String bareType) {
        ColumnRule rule = columns.get(table + "." + column);
        if (rule != null && rule.type() != null) {
            return rule.type();
        }
        String declared = declaredType.toLowerCase(Locale.ROOT);
        String byDeclared = byType.get(declared);
        if (byDeclared != null) {
            return byDeclared;
        }
        String withoutUnsigned = declared.replace(" unsigned", "").replace(" zerofill", "");
        String bySigned = byType.get(withoutUnsigned);
        return bySigned != null ? bySigned : byType.get(bareType.toLowerCase(Locale.ROOT));
    }

    /** Whether a {@code TINYINT(1)} column becomes a PostgreSQL boolean (and its values true/false). */
    public boolean tinyint1AsBoolean(String table, String column, String declaredType) {
        String override = typeOverride(table, column, declaredType, "tinyint");
        if (override != null) {
            return override.trim().equalsIgnoreCase("boolean");
        }
        return tinyint1 == Tinyint1Mapping.BOOLEAN;
    }

    /** The zero-date policy and sentinel for a column. */
    public ZeroDateRule zeroDateRule(String table, String column) {
        ColumnRule rule = columns.get(table + "." + column);
        ZeroDatePolicy policy = rule != null && rule.zeroDates() != null ? rule.zeroDates() : zeroDates;
        String sentinel = rule != null && rule.sentinel() != null ? rule.sentinel() : zeroDateSentinel;
        return new ZeroDateRule(policy, policy == ZeroDatePolicy.SENTINEL ? sentinel : null);
    }

    private static Map<String, String> lowerCaseKeys(Map<String, String> m) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        m.forEach((k, v) -> out.put(k.toLowerCase(Locale.ROOT).trim(), v));
        return java.util.Collections.unmodifiableMap(out);
    }
}
