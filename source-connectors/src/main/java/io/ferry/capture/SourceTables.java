package io.ferry.capture;

import io.ferry.core.config.PipelineConfig;
import io.ferry.core.config.SourceConfig;
import io.ferry.core.schema.TableId;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/** Lists the source's base tables that the pipeline's include/exclude patterns select. */
public final class SourceTables {

    private SourceTables() {
    }

    public static String jdbcUrl(SourceConfig source) {
        return switch (source.kind()) {
            case MARIADB -> "jdbc:mariadb://" + source.host() + ":" + source.port() + "/";
            case MYSQL -> "jdbc:mysql://" + source.host() + ":" + source.port() + "/";
            case POSTGRESQL -> "jdbc:postgresql://" + source.host() + ":" + source.port() + "/" + source.database();
        };
    }

    public static Connection connect(SourceConfig source) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", source.user());
        props.setProperty("password", source.password().reveal());
        return DriverManager.getConnection(jdbcUrl(source), props);
    }

    public static List<TableId> selected(PipelineConfig config) {
        SourceConfig source = config.source();
        try (Connection c = connect(source);
             PreparedStatement ps = c.prepareStatement("SELECT table_name FROM information_schema.tables "
                     + "WHERE table_schema = ? AND table_type = 'BASE TABLE' ORDER BY table_name")) {
            ps.setString(1, source.database());
            List<TableId> tables = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String name = rs.getString(1);
                    if (config.tables().includes(name)) {
                        tables.add(TableId.of(source.database(), name));
                    }
                }
            }
            if (tables.isEmpty()) {
                throw new IllegalStateException("no table of source database '" + source.database()
                        + "' matches the pipeline's table patterns");
            }
            return tables;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot list tables of source " + source.host() + ":" + source.port()
                    + " database " + source.database() + ": " + e.getMessage(), e);
        }
    }
}
