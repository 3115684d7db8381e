package io.ferry.orchestrator.schema;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Runs a catalog query with one parameter (the database or schema) and hands each row on. */
final class CatalogQuery {

    interface Row {
        void accept(ResultSet rs) throws SQLException;
    }

    private CatalogQuery() {
    }

    static void each(Connection c, String sql, String namespace, Row row) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, namespace);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    row.accept(rs);
                }
            }
        }
    }
}
