package io.ferry.core.config;

/**
 * The database engine Ferry applies changes to. YAML: {@code postgresql}. MariaDB and MySQL are targets only of reverse
 * replication, the way back to a migration's source after the flip (docs/rollback.md); a pipeline's own target is
 * PostgreSQL.
 */
public enum TargetKind {
    POSTGRESQL,
    MARIADB,
    MYSQL
}
