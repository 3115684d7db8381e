package io.ferry.core.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The database to apply changes to.
 *
 * @param kind     the engine
 * @param host     host name or address
 * @param port     0 selects {@value #DEFAULT_PORT}
 * @param database the PostgreSQL database
 * @param user     the applying user
 * @param password defaults to {@link Secret#EMPTY}
 * @param schema   the target schema; null means "named like the source database", which {@link PipelineConfig}
 *                 fills in
 * @param tls      TLS to the target; null selects {@link TlsConfig#DISABLED}
 */
public record TargetConfig(
        @JsonProperty(required = true) TargetKind kind,
        @JsonProperty(required = true) String host,
        @JsonProperty(defaultValue = "5432") int port,
        @JsonProperty(required = true) String database,
        @JsonProperty(required = true) String user,
        Secret password,
        String schema,
        TlsConfig tls) {

    public static final int DEFAULT_PORT = 5432;

    public TargetConfig {
        if (port == 0) {
            port = DEFAULT_PORT;
        }
        password = password != null ? password : Secret.EMPTY;
        tls = tls != null ? tls : TlsConfig.DISABLED;
        Checks.on(TargetConfig.class)
                .notNull("kind", kind)
                .notBlank("host", host)
                .between("port", port, 1, 65_535)
                .notBlank("database", database)
                .notBlank("user", user)
                .require(schema == null || !schema.isBlank(), "schema", "must not be empty; leave it out to use the source database's name")
                .validate();
    }

    public TargetConfig(TargetKind kind, String host, int port, String database, String user, Secret password, String schema) {
        this(kind, host, port, database, user, password, schema, null);
    }

    /** The configured schema, or {@code sourceDatabase} when none is configured. */
    public String schemaOr(String sourceDatabase) {
        return schema != null ? schema : sourceDatabase;
    }

    public TargetConfig withSchema(String newSchema) {
        return new TargetConfig(kind, host, port, database, user, password, newSchema, tls);
    }
}
