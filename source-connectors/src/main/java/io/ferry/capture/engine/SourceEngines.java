package io.ferry.capture.engine;

import io.ferry.core.config.SourceKind;

/** The one place that turns a pipeline's {@link SourceKind} into its {@link SourceEngine}. */
public final class SourceEngines {

    private static final SourceEngine MARIADB = new MariaDbEngine();
    private static final SourceEngine MYSQL = new MySqlEngine();
    private static final SourceEngine POSTGRESQL = new PostgresEngine();

    private SourceEngines() {
    }

    /** The engine of a binlog source (MariaDB, MySQL); a PostgreSQL source has none. */
    public static BinlogSourceEngine binlog(SourceKind kind) {
        if (!(of(kind) instanceof BinlogSourceEngine e)) {
            throw new IllegalArgumentException("a " + kind.name().toLowerCase(java.util.Locale.ROOT) + " source has no binary log");
        }
        return e;
    }

    public static SourceEngine of(SourceKind kind) {
        return switch (kind) {
            case MARIADB -> MARIADB;
            case MYSQL -> MYSQL;
            case POSTGRESQL -> POSTGRESQL;
        };
    }
}
