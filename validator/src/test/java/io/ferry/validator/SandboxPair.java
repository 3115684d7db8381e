package io.ferry.validator;

import io.ferry.core.config.TypesConfig;
import io.ferry.core.schema.TableId;
import io.ferry.core.value.jdbc.Engine;
import io.ferry.sandbox.Sandbox;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * A database of one name on the shared sandbox's MariaDB and PostgreSQL (with a schema {@code app}), made with the
 * statements given for each, and the validator's two sides on it: the set-up of the validator's integration tests.
 */
final class SandboxPair {

    private final String database;
    private final Side source;
    private final Side target;

    private SandboxPair(Sandbox sandbox, String database) {
        this.database = database;
        this.source = Side.source(Engine.MYSQL, () -> sandbox.mariadb().connect(database));
        this.target = Side.target(() -> sandbox.postgres().connect(database));
    }

    /** Creates the database on both servers and runs each side's statements in it (MariaDB's with the database in use). */
    static SandboxPair create(Sandbox sandbox, String database, List<String> mariadb, List<String> postgres) throws SQLException {
        try (Connection my = sandbox.mariadb().connect(""); Statement s = my.createStatement()) {
            s.execute("CREATE DATABASE " + database);
        }
        sandbox.postgres().createDatabase(database);
        SandboxPair pair = new SandboxPair(sandbox, database);
        try (Connection my = pair.source.open(); Statement s = my.createStatement()) {
            for (String sql : mariadb) {
                s.execute(sql);
            }
        }
        try (Connection pg = pair.target.open(); Statement s = pg.createStatement()) {
            s.execute("CREATE SCHEMA app");
            for (String sql : postgres) {
                s.execute(sql);
            }
        }
        return pair;
    }

    Side source() {
        return source;
    }

    Side target() {
        return target;
    }

    /** The validator's view of MariaDB's {@code table} against PostgreSQL's {@code app.table}, with the default type rules. */
    ValidatedTable table(String table) throws SQLException {
        try (Connection my = source.open(); Connection pg = target.open()) {
            return ValidatedTables.mysqlToPostgres(my, TableId.of(database, table), pg, TableId.of("app", table), TypesConfig.DEFAULTS);
        }
    }
}
