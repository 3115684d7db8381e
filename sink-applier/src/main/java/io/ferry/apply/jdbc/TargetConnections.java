package io.ferry.apply.jdbc;

import io.ferry.apply.dialect.TargetDialect;
import io.ferry.apply.dialect.TargetDialects;
import io.ferry.core.config.TargetConfig;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/** Opens JDBC connections to a pipeline's target, in the words of its {@link TargetDialect}. */
public final class TargetConnections {

    private TargetConnections() {
    }

    public static String url(TargetConfig t) {
        return TargetDialects.of(t.kind()).jdbcUrl(t);
    }

    public static Connection open(TargetConfig t, String applicationName) throws SQLException {
        Properties p = TargetDialects.of(t.kind()).connectionProperties(applicationName);
        p.setProperty("user", t.user());
        p.setProperty("password", t.password().reveal());
        return DriverManager.getConnection(url(t), p);
    }
}
