package io.ferry.orchestrator.check;

import io.ferry.core.config.TypesConfig;
import io.ferry.core.config.TypesConfig.ZeroDateRule;
import io.ferry.core.config.ZeroDatePolicy;
import io.ferry.core.value.ZeroDates;
import io.ferry.core.value.jdbc.Engine;
import io.ferry.core.schema.mapping.MySqlColumn;
import io.ferry.orchestrator.schema.MySqlTable;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The assessment's one pass over a table's data: how many rows hold values that the type mapping
 * cannot carry as they are, namely zero or invalid dates and {@code TINYINT(1)} values other than 0
 * and 1 where the column maps to boolean. Each count becomes a finding whose severity follows from
 * the column's policy.
 */
final class ValueScan {

    private ValueScan() {
    }

    private record Probe(MySqlColumn column, String condition) {
    }

    static List<Finding> run(Connection c, MySqlTable t, TypesConfig types) throws SQLException {
        List<Probe> probes = new ArrayList<>();
        for (MySqlColumn col : t.columns()) {
            String q = Engine.MYSQL.quote(col.name());
            if (col.temporalWithDate()) {
                probes.add(new Probe(col, q + " IS NOT NULL AND " + ZeroDates.mysqlCondition(q)));
            } else if (col.columnType().startsWith("tinyint(1)") && types.tinyint1AsBoolean(t.id().table(), col.name(), col.columnType())) {
                probes.add(new Probe(col, q + " NOT IN (0, 1)"));
            }
        }
        List<Finding> findings = new ArrayList<>();
        if (probes.isEmpty()) {
            return findings;
        }
        StringBuilder sql = new StringBuilder("SELECT ");
        for (int i = 0; i < probes.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append("COALESCE(SUM(CASE WHEN ").append(probes.get(i).condition()).append(" THEN 1 ELSE 0 END), 0)");
        }
        sql.append(" FROM ").append(Engine.MYSQL.quote(t.id().schema())).append('.').append(Engine.MYSQL.quote(t.id().table()));
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql.toString())) {
            rs.next();
            for (int i = 0; i < probes.size(); i++) {
                long count = rs.getLong(i + 1);
                if (count > 0) {
                    findings.add(finding(t, probes.get(i).column(), count, types));
                }
            }
        }
        return findings;
    }

    /** The finding for {@code count} rows that the column's mapping cannot carry, with the YAML that changes it. */
    static Finding finding(MySqlTable t, MySqlColumn col, long count, TypesConfig types) {
        String subject = t.id() + "." + col.name();
        String table = t.id().table();
        String asNull = "; to make them NULL, add to the pipeline file:\n"
                + YamlAdvice.columnRule(table, col.name(), Map.of("zeroDates", "as_null"))
                + "(or zeroDates: sentinel with a sentinel value)";
        if (!col.temporalWithDate()) {
            return Finding.error("value.tinyint1-not-boolean", subject, count + " rows hold values other than 0 and 1, "
                    + "which a boolean cannot keep; map the column to smallint, adding to the pipeline file:\n"
                    + YamlAdvice.columnRule(table, col.name(), Map.of("type", "smallint")).stripTrailing());
        }
        ZeroDateRule rule = types.zeroDateRule(table, col.name());
        String rows = count + " rows hold zero or invalid dates";
        if (col.nullable() && rule.policy() != ZeroDatePolicy.AS_NULL) {
            return Finding.error("value.zero-date", subject, rows + " in a nullable column: capture reads them as NULL, "
                    + "so the " + policyName(rule) + " policy cannot apply; make the column NOT NULL or fix the rows" + asNull);
        }
        return switch (rule.policy()) {
            case ERROR -> Finding.error("value.zero-date", subject, rows + "; capture would stop on them: fix the rows" + asNull);
            case AS_NULL -> Finding.warning("value.zero-date", subject, rows + "; they become NULL in PostgreSQL");
            case SENTINEL -> Finding.info("value.zero-date", subject, rows + "; they become " + rule.sentinel() + " in PostgreSQL");
        };
    }

    private static String policyName(ZeroDateRule rule) {
        return rule.policy().name().toLowerCase(java.util.Locale.ROOT);
    }
}
