package io.ferry.orchestrator.check;

import io.ferry.core.schema.TableId;
import io.ferry.core.schema.jdbc.PostgresCatalog;
import io.ferry.orchestrator.schema.SchemaPlan;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The prerequisites on the PostgreSQL target: the right to create, and tables that are absent, or compatible and
 * empty; and the foreign keys the plan cannot create there.
 */
public final class TargetChecks {

    private TargetChecks() {
    }

    public static List<Finding> run(Connection pg, SchemaPlan plan) throws SQLException {
        List<Finding> findings = new ArrayList<>();
        try (Statement s = pg.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT current_user, has_database_privilege(current_database(), 'CREATE')")) {
            rs.next();
            if (!rs.getBoolean(2)) {
                findings.add(Finding.error("target.privilege", "user " + rs.getString(1),
                        "cannot create schemas; run: GRANT CREATE ON DATABASE " + quoteDb(pg) + " TO " + rs.getString(1)));
            }
        }
        for (var u : plan.uniqueIndexes()) {
            findings.add(Finding.info("schema.unique-after-drain", u.schema() + "." + u.table() + "." + u.name(),
                    "unique index " + u.definition() + " is a plain index while changes stream (a swap of unique values through a "
                            + "temporary one could not converge otherwise) and is made unique after the final drain: by the cutover "
                            + "during the freeze (its dry run estimates the time), or by " + SchemaPlan.AFTER_DRAIN_COMMAND));
        }
        for (SchemaPlan.NotPlanned fk : plan.foreignKeysNotPlanned()) {
            findings.add(Finding.warning("schema.foreign-key-not-planned", fk.subject(), fk.reason()));
        }
        for (var e : plan.tables().entrySet()) {
            TableId t = e.getKey();
            Map<String, String> existing = PostgresCatalog.columns(pg, t);
            if (existing.isEmpty()) {
                continue;
            }
            if (!existing.equals(e.getValue())) {
                findings.add(Finding.error("target.table-differs", t.toString(), "exists with other columns or types: has "
                        + existing + ", the plan wants " + e.getValue()));
            } else if (hasRows(pg, t)) {
                findings.add(Finding.warning("target.table-not-empty", t.toString(), "exists and has rows; the copy upserts over them"));
            }
        }
        return findings;
    }

    private static boolean hasRows(Connection pg, TableId t) throws SQLException {
        try (Statement s = pg.createStatement(); ResultSet rs = s.executeQuery("SELECT EXISTS (SELECT 1 FROM "
                + io.ferry.core.value.jdbc.Engine.POSTGRESQL.quote(t.schema()) + "." + io.ferry.core.value.jdbc.Engine.POSTGRESQL.quote(t.table()) + ")")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    private static String quoteDb(Connection pg) throws SQLException {
        try (Statement s = pg.createStatement(); ResultSet rs = s.executeQuery("SELECT quote_ident(current_database())")) {
            rs.next();
            return rs.getString(1);
        }
    }
}
