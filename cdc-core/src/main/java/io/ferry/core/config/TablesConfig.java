package io.ferry.core.config;

import java.util.List;

/**
 * Which tables of the source database a pipeline carries: those matching an {@code include} glob and no
 * {@code exclude} glob. Globs know {@code *} (any run of characters) and {@code ?} (one character) and match
 * the table name exactly as the source spells it (case-sensitive), without the database name.
 *
 * @param include null selects {@code ["*"]}, every table
 * @param exclude null selects none
 */
public record TablesConfig(List<String> include, List<String> exclude) {

    /** Every table. */
    public static final TablesConfig ALL = new TablesConfig(null, null);

    public TablesConfig {
        include = include != null ? List.copyOf(include) : List.of("*");
        exclude = exclude != null ? List.copyOf(exclude) : List.of();
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
