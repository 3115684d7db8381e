package io.ferry.core.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * The database to capture from.
 *
 * @param kind     the engine
 * @param host     host name or address
 * @param port     0 selects the engine's default (3306 for MariaDB and MySQL, 5432 for PostgreSQL)
 * @param user     the capture user (needs replication privileges)
 * @param password defaults to {@link Secret#EMPTY}
 * @param database the MySQL database (schema) or PostgreSQL database to capture
 * @param serverId the binlog client id, unique among the source's replicas; MariaDB and MySQL only; 0 selects
 *                 {@value #DEFAULT_SERVER_ID}
 * @param schema   the PostgreSQL schema to carry; PostgreSQL only; null selects {@code public}
 * @param tls      TLS to the source for capture, checks and validation; null selects {@link TlsConfig#DISABLED}
 * @param debezium more properties for Debezium's connector, as they are (values are secrets: never printed by Ferry);
 *                 not those Ferry sets itself ({@link DebeziumPassThrough}); a connector file's {@code debezium:}
 *                 arrives here
 */
public record SourceConfig(
        @JsonProperty(required = true) SourceKind kind,
        @JsonProperty(required = true) String host,
        @JsonProperty(defaultValue = "3306 for mariadb and mysql, 5432 for postgresql") int port,
        @JsonProperty(required = true) String user,
        Secret password,
        @JsonProperty(required = true) String database,
        @JsonProperty(defaultValue = "5400") long serverId,
        @JsonProperty(defaultValue = "public for postgresql") String schema,
        TlsConfig tls,
        Map<String, Secret> debezium) {

    public static final long DEFAULT_SERVER_ID = 5400;

    public SourceConfig(SourceKind kind, String host, int port, String user, Secret password, String database, long serverId) {
        this(kind, host, port, user, password, database, serverId, null, null);
    }

    public SourceConfig(SourceKind kind, String host, int port, String user, Secret password, String database, long serverId, String schema) {
        this(kind, host, port, user, password, database, serverId, schema, null);
    }

    public SourceConfig(SourceKind kind, String host, int port, String user, Secret password, String database, long serverId, String schema,
                        TlsConfig tls) {
        this(kind, host, port, user, password, database, serverId, schema, tls, null);
    }

    /** The source's namespace of tables: the MySQL database, or the PostgreSQL schema. */
    public String namespace() {
        return kind.hasSchemas() ? schema : database;
    }

    public SourceConfig {
        if (port == 0 && kind != null) {
            port = kind.defaultPort();
        }
        password = password != null ? password : Secret.EMPTY;
        tls = tls != null ? tls : TlsConfig.DISABLED;
        debezium = debezium != null ? Map.copyOf(debezium) : Map.of();
        boolean schemas = kind != null && kind.hasSchemas();
        boolean schemaGiven = schema != null;
        if (schemas && schema == null) {
            schema = "public";
        }
        if (serverId == 0 && kind != null && kind.isMySqlFamily()) {
            serverId = DEFAULT_SERVER_ID;
        }
        Checks checks = Checks.on(SourceConfig.class)
                .notNull("kind", kind)
                .notBlank("host", host)
                .between("port", port, 1, 65_535)
                .notBlank("user", user)
                .notBlank("database", database);
        if (kind != null && kind.isMySqlFamily()) {
            // server_id is an unsigned 32-bit variable on the server side.
            checks.between("serverId", serverId, 1, 4_294_967_295L);
        } else if (kind != null) {
            checks.require(serverId == 0, "serverId", "applies only to mariadb and mysql sources");
        }
        if (kind != null && !schemas) {
            checks.require(!schemaGiven, "schema", "applies only to postgresql sources (a MySQL database is its schema)");
        }
        DebeziumPassThrough.check(checks, debezium.keySet());
        checks.validate();
    }
}
