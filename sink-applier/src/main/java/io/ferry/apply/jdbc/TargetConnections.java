package io.ferry.apply.jdbc;

import io.ferry.core.config.TargetConfig;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/** Opens JDBC connections to a pipeline's PostgreSQL target. */
public final class TargetConnections {

    private TargetConnections() {
    }

    public static String url(TargetConfig t) {
        return "jdbc:postgresql://" + t.host() + ":" + t.port() + "/" + t.database()
                + io.ferry.core.tls.DatabaseTls.urlSuffix(io.ferry.core.tls.DatabaseTls.jdbcParameters(
                        io.ferry.core.config.SourceKind.POSTGRESQL, t.tls(), "target.tls"));
    }

    public static Connection open(TargetConfig t, String applicationName) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", t.user());
        p.setProperty("password", t.password().reveal());
        p.setProperty("reWriteBatchedInserts", "true");
        p.setProperty("ApplicationName", applicationName);
        return DriverManager.getConnection(url(t), p);
    }
}
