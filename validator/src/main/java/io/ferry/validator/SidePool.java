package io.ferry.validator;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The connections of one side of a run, pooled by HikariCP: opened through the {@link Side} (so each is set up
 * for canonical reading), at most one per concurrent segment, none kept open once the run is over. HikariCP
 * resets what a borrower changed (auto-commit, isolation) when a connection comes back.
 */
final class SidePool implements AutoCloseable {

    private final HikariDataSource pool;

    SidePool(Side side, int size) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("ferry-validate-" + side.label());
        config.setDataSource(new SideDataSource(side));
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(0);
        // One connection is opened at once: a wrong address or password fails the run now, with the driver's message,
        // rather than after the pool's wait for a connection.
        config.setInitializationFailTimeout(1);
        config.setAutoCommit(true);
        this.pool = new HikariDataSource(config);
    }

    /** A connection of this side; closing it gives it back. */
    Connection borrow() throws SQLException {
        return pool.getConnection();
    }

    @Override
    public void close() {
        pool.close();
    }

    /** The side's own way of opening a connection, as the DataSource that HikariCP pools. */
    private static final class SideDataSource implements DataSource {

        private final Side side;

        SideDataSource(Side side) {
            this.side = side;
        }

        @Override
        public Connection getConnection() throws SQLException {
            return side.open();
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            return side.open();
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {
            // not used
        }

        /**
         * HikariCP sets it from its connection timeout and, when the pool closes, waits this long for a connection still
         * being opened (with 0 it gave up at once and warned on every close during a busy run).
         */
        private volatile int loginTimeoutSeconds = 5;

        @Override
        public void setLoginTimeout(int seconds) {
            loginTimeoutSeconds = seconds;
        }

        @Override
        public int getLoginTimeout() {
            return loginTimeoutSeconds;
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            throw new SQLFeatureNotSupportedException();
        }

        @Override
        public <T> T unwrap(Class<T> iface) throws SQLException {
            throw new SQLException("not a wrapper");
        }

        @Override
        public boolean isWrapperFor(Class<?> iface) {
            return false;
        }
    }
}
