package io.ferry.orchestrator.check;

import io.ferry.core.config.TablesConfig.KeylessTables;
import io.ferry.core.schema.mapping.MySqlColumn;
import io.ferry.orchestrator.schema.MySqlTable;
import io.ferry.core.schema.mapping.TypeMapper;
import io.ferry.core.schema.mapping.UnsupportedTypeException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The prerequisites of capturing a MySQL/MariaDB database, and what of its tables Ferry cannot carry. */
public final class SourceChecks {

    private SourceChecks() {
    }

    public static List<Finding> run(Connection c, String database, List<MySqlTable> tables, TypeMapper types) throws SQLException {
        return run(c, database, tables, types, KeylessTables.UNIQUE_INDEX);
    }

    /** @param keyless what the pipeline does with tables without a primary key */
    public static List<Finding> run(Connection c, String database, List<MySqlTable> tables, TypeMapper types,
                                    KeylessTables keyless) throws SQLException {
        List<Finding> findings = new ArrayList<>();
        Map<String, String> vars = variables(c);
        String server = "source server";
        if (!"ON".equalsIgnoreCase(vars.get("log_bin"))) {
            findings.add(Finding.error("binlog.off", server, "binary logging is off; start the server with --log-bin"));
        }
        if (!"ROW".equalsIgnoreCase(vars.get("binlog_format"))) {
            findings.add(Finding.error("binlog.format", server, "binlog_format is " + vars.get("binlog_format")
                    + "; capture needs ROW (SET GLOBAL binlog_format = 'ROW' and in the server's configuration)"));
        }
        if (!"FULL".equalsIgnoreCase(vars.getOrDefault("binlog_row_image", "FULL"))) {
            findings.add(Finding.error("binlog.row-image", server, "binlog_row_image is " + vars.get("binlog_row_image")
                    + "; capture needs FULL"));
        }
        if ("0".equals(vars.get("server_id"))) {
            findings.add(Finding.error("server-id", server, "server_id is 0; binlog readers need a non-zero server_id"));
        }
        retention(vars, findings);
        if (vars.containsKey("gtid_mode") && !"ON".equalsIgnoreCase(vars.get("gtid_mode"))) {
            findings.add(Finding.warning("gtid.off", server, "gtid_mode is " + vars.get("gtid_mode")
                    + "; capture resumes by file and position, which does not survive a failover"));
        }
        if (vars.containsKey("gtid_binlog_pos") && vars.get("gtid_binlog_pos").isBlank()) {
            findings.add(Finding.error("gtid.empty", server, "the server has binlogged no transaction yet; "
                    + "Debezium 3.5's MariaDB connector cannot enter streaming until one is (run any write first)"));
        }
        List<String> missing = Grants.of(c).missingForCapture(database);
        if (!missing.isEmpty()) {
            String user = Grants.currentUser(c);
            findings.add(Finding.error("privilege.missing", "user " + user, "missing " + String.join(", ", missing)
                    + "; run: GRANT " + String.join(", ", missing) + " ON *.* TO " + user));
        }
        caseSensitivity(vars, tables, findings);
        zeroDateMode(vars, tables, findings);
        for (MySqlTable t : tables) {
            keys(t, keyless, findings);
            findings.addAll(ValueScan.run(c, t, types.rules()));
            for (MySqlColumn col : t.columns()) {
                try {
                    types.map(t.id(), col);
                } catch (UnsupportedTypeException e) {
                    findings.add(Finding.error("type.unsupported", t.id() + "." + col.name(), e.getMessage()));
                }
            }
        }
        return findings;
    }

    private static void keys(MySqlTable t, KeylessTables keyless, List<Finding> findings) {
        if (!t.primaryKey().isEmpty()) {
            return;
        }
        if (keyless == KeylessTables.REFUSE) {
            findings.add(Finding.error("table.no-key", t.id().toString(), "no primary key, and tables.withoutPrimaryKey is refuse; "
                    + "add a primary key or exclude the table (tables.exclude)"));
            return;
        }
        boolean usable = !io.ferry.core.schema.SubstituteKey.choose(t.indexes().stream().filter(MySqlTable.Index::unique)
                .map(MySqlTable.Index::columns).toList(), c -> !t.column(c).nullable()).isEmpty();
        findings.add(usable
                ? Finding.warning("table.no-primary-key", t.id().toString(), "no primary key; a unique index over NOT NULL columns will serve as the key")
                : Finding.error("table.no-key", t.id().toString(), "no primary key and no unique index over NOT NULL columns; "
                        + "add a key or exclude the table (tables.exclude)"));
    }

    /**
     * MySQL compares table names without case when {@code lower_case_table_names} is 1 or 2 (and column names always);
     * PostgreSQL's quoted names are exact. An application that spells a mixed-case name another way will not find it
     * after the flip.
     */
    private static void caseSensitivity(Map<String, String> vars, List<MySqlTable> tables, List<Finding> findings) {
        String lctn = vars.getOrDefault("lower_case_table_names", "0");
        List<String> mixed = new ArrayList<>();
        for (MySqlTable t : tables) {
            if (!t.id().table().equals(t.id().table().toLowerCase(Locale.ROOT))) {
                mixed.add(t.id().table());
            }
            t.columns().stream().map(MySqlColumn::name).filter(n -> !n.equals(n.toLowerCase(Locale.ROOT)))
                    .forEach(n -> mixed.add(t.id().table() + "." + n));
        }
        if (!mixed.isEmpty()) {
            findings.add(Finding.warning("identifier.case", "source schema", "lower_case_table_names is " + lctn
                    + " and MySQL compares column names without case, but PostgreSQL keeps these names exactly as spelled "
                    + "(quoted): " + String.join(", ", mixed.subList(0, Math.min(20, mixed.size())))
                    + (mixed.size() > 20 ? " and " + (mixed.size() - 20) + " more" : "")
                    + "; queries must use the same case after the move"));
        }
    }

    /** Whether the server still accepts new zero dates, which nullable columns would receive as NULL. */
    private static void zeroDateMode(Map<String, String> vars, List<MySqlTable> tables, List<Finding> findings) {
        String mode = vars.getOrDefault("sql_mode", "").toUpperCase(Locale.ROOT);
        boolean strict = mode.contains("STRICT_TRANS_TABLES") || mode.contains("STRICT_ALL_TABLES");
        boolean refuses = strict && mode.contains("NO_ZERO_DATE") && mode.contains("NO_ZERO_IN_DATE") && !mode.contains("ALLOW_INVALID_DATES");
        boolean nullableDates = tables.stream().anyMatch(t -> t.columns().stream().anyMatch(c -> c.temporalWithDate() && c.nullable()));
        if (!refuses && nullableDates) {
            findings.add(Finding.warning("sql-mode.zero-dates", "source server", "sql_mode '" + vars.get("sql_mode")
                    + "' lets applications write zero or invalid dates; in nullable DATE/DATETIME/TIMESTAMP columns capture "
                    + "reads them as NULL whatever the zero-date policy (add STRICT_TRANS_TABLES,NO_ZERO_DATE,NO_ZERO_IN_DATE)"));
        }
    }

    private static void retention(Map<String, String> vars, List<Finding> findings) {
        long seconds = 0;
        if (vars.containsKey("binlog_expire_logs_seconds")) {
            seconds = Long.parseLong(vars.get("binlog_expire_logs_seconds"));
        }
        if (seconds == 0 && vars.containsKey("expire_logs_days")) {
            seconds = (long) (Double.parseDouble(vars.get("expire_logs_days")) * 86_400);
        }
        if (seconds > 0 && seconds < 86_400) {
            findings.add(Finding.warning("binlog.retention", "source server", "binary logs are kept " + (seconds / 3600)
                    + " h; if capture is down longer, a new snapshot is needed"));
        } else {
            findings.add(Finding.info("binlog.retention", "source server",
                    seconds == 0 ? "binary logs are kept until purged by hand" : "binary logs are kept " + (seconds / 86_400) + " days"));
        }
    }

    private static Map<String, String> variables(Connection c) throws SQLException {
        Map<String, String> vars = new HashMap<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW GLOBAL VARIABLES WHERE Variable_name IN "
                + "('log_bin', 'binlog_format', 'binlog_row_image', 'server_id', 'gtid_mode', 'gtid_binlog_pos', "
                + "'expire_logs_days', 'binlog_expire_logs_seconds', 'lower_case_table_names', 'sql_mode')")) {
            while (rs.next()) {
                vars.put(rs.getString(1).toLowerCase(Locale.ROOT), rs.getString(2));
            }
        }
        return vars;
    }
}
