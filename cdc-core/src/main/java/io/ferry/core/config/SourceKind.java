package io.ferry.core.config;

/**
 * The database engine Ferry captures changes from. YAML: {@code mariadb}, {@code mysql}, {@code postgresql}. Only what
 * the configuration itself needs to know of an engine is here (its default port, how its tables are named, whether it
 * takes a {@code serverId}, whether a connector file of it can name a target); how Ferry talks to it is the source
 * engine's ({@code io.ferry.capture.engine.SourceEngine}).
 */
public enum SourceKind {
    MARIADB(3306, false, null),
    MYSQL(3306, false, null),
    POSTGRESQL(5432, true, TargetKind.POSTGRESQL);

    private final int defaultPort;
    private final boolean schemas;
    private final TargetKind target;

    SourceKind(int defaultPort, boolean schemas, TargetKind target) {
        this.defaultPort = defaultPort;
        this.schemas = schemas;
        this.target = target;
    }

    public int defaultPort() {
        return defaultPort;
    }

    /** Read through the binlog, which is what makes {@code serverId} meaningful. */
    public boolean isMySqlFamily() {
        return !schemas;
    }

    /**
     * Whether the captured tables live in a schema of the database ({@code source.schema}, PostgreSQL) rather than in the
     * database itself (MySQL and MariaDB, whose database is their schema).
     */
    public boolean hasSchemas() {
        return schemas;
    }

    /** What a namespace of tables is called on this engine, for messages: {@code schema} or {@code database}. */
    public String namespaceNoun() {
        return schemas ? "schema" : "database";
    }

    /** The target kind this source becomes when reverse replication writes the changes made after the flip back into it. */
    public TargetKind asReverseTarget() {
        return switch (this) {
            case MARIADB -> TargetKind.MARIADB;
            case MYSQL -> TargetKind.MYSQL;
            case POSTGRESQL -> TargetKind.POSTGRESQL;
        };
    }

    /** The target kind a connector file of this kind can also serve as, if any (a PostgreSQL server can be a target). */
    public java.util.Optional<TargetKind> asTarget() {
        return java.util.Optional.ofNullable(target);
    }
}
