package io.ferry.orchestrator.cutover;

/** A MariaDB/MySQL account, {@code 'user'@'host'}, written as SQL string literals (account names cannot be bound). */
public record MySqlAccount(String user, String host) {

    public String sql() {
        return literal(user) + "@" + literal(host);
    }

    /** The form information_schema uses in its GRANTEE columns. */
    public String grantee() {
        return "'" + user + "'@'" + host + "'";
    }

    static String literal(String s) {
        return io.ferry.core.value.jdbc.Engine.MYSQL.literal(s);
    }

    @Override
    public String toString() {
        return grantee();
    }
}
