package io.ferry.core.value.jdbc;

/** The database engines the validator reads, each with its identifier quoting and JDBC value quirks. */
public enum Engine {
    MYSQL('`'),
    POSTGRESQL('"');

    private final char quote;

    Engine(char quote) {
        this.quote = quote;
    }

    public String quote(String identifier) {
        String q = String.valueOf(quote);
        return q + identifier.replace(q, q + q) + q;
    }
}
