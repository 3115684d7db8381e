package io.ferry.core.config;

/** The database engine Ferry captures changes from. YAML: {@code mariadb}, {@code mysql}, {@code postgresql}. */
public enum SourceKind {
    MARIADB(3306),
    MYSQL(3306),
    POSTGRESQL(5432);

    private final int defaultPort;

    SourceKind(int defaultPort) {
        this.defaultPort = defaultPort;
    }

    public int defaultPort() {
        return defaultPort;
    }

    /** Read through the binlog, which is what makes {@code serverId} meaningful. */
    public boolean isMySqlFamily() {
        return this != POSTGRESQL;
    }
}
