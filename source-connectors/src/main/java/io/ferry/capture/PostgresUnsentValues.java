package io.ferry.capture;

import io.ferry.core.schema.TableId;
import io.ferry.core.value.LogicalType;
import io.ferry.core.value.jdbc.CanonicalReader;
import io.ferry.core.value.jdbc.ColumnTypes;
import io.ferry.core.value.jdbc.Engine;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@link UnsentValues} of a PostgreSQL source: one SELECT by key through a connection of the source account, opened
 * when first needed and again after a failure. Only the types whose JDBC canonical form is the one capture writes
 * (text and the other character types, {@code json}/{@code jsonb}, {@code bytea}) are read; another unsent type
 * stops capture with an error naming the column. Used from capture's one thread.
 */
public final class PostgresUnsentValues implements UnsentValues {

    /** Opens a connection to the source. */
    @FunctionalInterface
    public interface Connect {
        Connection open() throws SQLException;
    }

    private static final Set<LogicalType> READABLE = Set.of(LogicalType.STRING, LogicalType.JSON, LogicalType.BINARY);

    private final Connect connect;
    private final Map<TableId, Map<String, String>> types = new HashMap<>();
    private Connection connection;

    public PostgresUnsentValues(Connect connect) {
        this.connect = connect;
    }

    @Override
    public Optional<Map<String, String>> read(TableId table, Map<String, String> key, List<String> columns) throws SQLException {
        try {
            return select(table, key, columns);
        } catch (SQLException e) {
            close();
            throw e;
        }
    }

    private Optional<Map<String, String>> select(TableId table, Map<String, String> key, List<String> columns) throws SQLException {
        if (connection == null) {
            connection = connect.open();
            connection.setAutoCommit(true);
        }
        Map<String, String> typeOf = types.computeIfAbsent(table, t -> new HashMap<>());
        if (!typeOf.keySet().containsAll(columns) || !typeOf.keySet().containsAll(key.keySet())) {
            typeOf.clear(); // first use, or the table changed since
            typeOf.putAll(columnTypes(table));
        }
        StringBuilder sql = new StringBuilder("SELECT ");
        for (int i = 0; i < columns.size(); i++) {
            String column = columns.get(i);
            String type = typeOf.get(column);
            if (type == null || type.endsWith("[]") || !READABLE.contains(ColumnTypes.fromPostgres(type))) {
                throw new UnsupportedValueException(table + "." + column + " (" + type + "): the source did not send this value (an "
                        + "unchanged TOASTed value) in a change that must carry it whole (a key change), and reading it again is "
                        + "supported for character types, json, jsonb and bytea only; give the table REPLICA IDENTITY FULL or do "
                        + "not change its key");
            }
            sql.append(i == 0 ? "" : ", ").append(Engine.POSTGRESQL.quote(column));
        }
        sql.append(" FROM ").append(Engine.POSTGRESQL.quote(table.schema())).append('.').append(Engine.POSTGRESQL.quote(table.table()))
                .append(" WHERE ");
        int k = 0;
        for (String column : key.keySet()) {
            sql.append(k++ == 0 ? "" : " AND ").append(Engine.POSTGRESQL.quote(column)).append(" = CAST(? AS ")
                    .append(typeOf.get(column)).append(')');
        }
        try (PreparedStatement ps = connection.prepareStatement(sql.toString())) {
            int p = 1;
            for (String value : key.values()) {
                ps.setString(p++, value);
            }
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                Map<String, String> values = new LinkedHashMap<>();
                for (int i = 0; i < columns.size(); i++) {
                    String column = columns.get(i);
                    values.put(column, CanonicalReader.read(rs, i + 1, ColumnTypes.fromPostgres(typeOf.get(column)), Engine.POSTGRESQL));
                }
                return Optional.of(values);
            }
        }
    }

    private Map<String, String> columnTypes(TableId table) throws SQLException {
        Map<String, String> out = new HashMap<>();
        try (PreparedStatement ps = connection.prepareStatement("SELECT a.attname, format_type(a.atttypid, a.atttypmod) FROM pg_attribute a"
                + " JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE n.nspname = ? AND c.relname = ? AND a.attnum > 0 AND NOT a.attisdropped")) {
            ps.setString(1, table.schema());
            ps.setString(2, table.table());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return out;
    }

    @Override
    public void close() {
        Connection c = connection;
        connection = null;
        types.clear();
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // the connection is being given up
            }
        }
    }
}
