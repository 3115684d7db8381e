package io.ferry.core.config;

import java.util.List;

/**
 * Which tables of the source database a pipeline carries: those matching an {@code include} glob and no
 * {@code exclude} glob. Globs know {@code *} (any run of characters) and {@code ?} (one character) and match
 * the table name exactly as the source spells it (case-sensitive), without the database name.
 *
 * @param include           null selects {@code ["*"]}, every table
 * @param exclude           null selects none
 * @param withoutPrimaryKey what a selected table without a primary key gets: null selects
 *                          {@link KeylessTables#UNIQUE_INDEX}
 */
public record TablesConfig(List<String> include, List<String> exclude, KeylessTables withoutPrimaryKey) {

    /** Every table. */
    public static final TablesConfig ALL = new TablesConfig(null, null, null);

    /**
     * Tables without a primary key. YAML: {@code unique_index} (its first unique index over NOT NULL columns, by index
     * name, keys its changes and becomes the target's primary key) or {@code refuse} (such a table is an error in
     * {@code ferry check}, in the schema plan and at capture start: exclude it or give it a key).
     */
    public enum KeylessTables { UNIQUE_INDEX, REFUSE }

    public TablesConfig(List<String> include, List<String> exclude) {
        this(include, exclude, null);
    }

    public TablesConfig {
        include = include != null ? List.copyOf(include) : List.of("*");
        exclude = exclude != null ? List.copyOf(exclude) : List.of();
        withoutPrimaryKey = withoutPrimaryKey != null ? withoutPrimaryKey : KeylessTables.UNIQUE_INDEX;
        Checks checks = Checks.on(TablesConfig.class);
        checkPatterns(checks, "include", include);
        checkPatterns(checks, "exclude", exclude);
        checks.validate();
    }

    private static void checkPatterns(Checks checks, String key, List<String> patterns) {
        for (int i = 0; i < patterns.size(); i++) {
            checks.require(!patterns.get(i).isBlank(), key + "[" + i + "]", "must not be empty");
        }
    }

    /** Whether the pipeline carries the table of this name. */
    public boolean includes(String tableName) {
        return include.stream().anyMatch(glob -> Glob.matches(glob, tableName))
                && exclude.stream().noneMatch(glob -> Glob.matches(glob, tableName));
    }
}
