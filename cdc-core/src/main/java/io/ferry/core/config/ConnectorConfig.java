package io.ferry.core.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * One connection of the connector registry: a file {@code config/connectors/<name>.yaml}, named by its file name.
 *
 * @param kind     {@code mysql}, {@code mariadb} or {@code postgresql}
 * @param port     0 selects the engine's default
 * @param password {@code ${env:NAME}} or {@code ${file:path}}; defaults to {@link Secret#EMPTY}
 * @param tls      TLS to the database; null selects {@link TlsConfig#DISABLED}
 * @param debezium more properties for Debezium's connector when this connection is a capture source, as they are
 *                 (values are secrets: never printed by Ferry); not those Ferry sets itself ({@link DebeziumPassThrough})
 */
public record ConnectorConfig(
        @JsonProperty(required = true) SourceKind kind,
        @JsonProperty(required = true) String host,
        @JsonProperty(defaultValue = "3306 for mariadb and mysql, 5432 for postgresql") int port,
        @JsonProperty(required = true) String database,
        @JsonProperty(required = true) String user,
        Secret password,
        TlsConfig tls,
        Map<String, Secret> debezium) {

    public ConnectorConfig {
        if (port == 0 && kind != null) {
            port = kind.defaultPort();
        }
        password = password != null ? password : Secret.EMPTY;
        tls = tls != null ? tls : TlsConfig.DISABLED;
        debezium = debezium != null ? Map.copyOf(debezium) : Map.of();
        Checks checks = Checks.on(ConnectorConfig.class)
                .notNull("kind", kind)
                .notBlank("host", host)
                .between("port", port, 1, 65_535)
                .notBlank("database", database)
                .notBlank("user", user);
        DebeziumPassThrough.check(checks, debezium.keySet());
        checks.validate();
    }

    /** This connection as a capture source. */
    public SourceConfig asSource(long serverId, String schema) {
        return new SourceConfig(kind, host, port, user, password, database, serverId, schema, tls, debezium);
    }
}
