package io.ferry.core.tls;

import io.ferry.core.config.TlsConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The one place where a {@link TlsConfig} becomes the settings of each client: the JDBC URL parameters of the
 * PostgreSQL, MariaDB and MySQL drivers and the properties of Debezium's connectors. The modes map as follows:
 * <pre>
 *   ferry        PostgreSQL JDBC   MariaDB JDBC   MySQL Connector/J   Debezium MariaDB   Debezium MySQL   Debezium PostgreSQL
 *   disable      (driver default)  (none)         (none)              disable            disabled         (default)
 *   require      require           trust          REQUIRED            trust              required         require
 *   verify-ca    verify-ca         verify-ca      VERIFY_CA           verify-ca          verify_ca        verify-ca
 *   verify-full  verify-full       verify-full    VERIFY_IDENTITY     verify-full        verify_identity  verify-full
 * </pre>
 * Each engine calls its driver's methods (the source engines, the target dialects); nothing here branches on a kind.
 */
public final class DatabaseTls {

    private DatabaseTls() {
    }

    /** The PostgreSQL driver's URL parameters (a PostgreSQL source, every PostgreSQL target). */
    public static Map<String, String> postgresJdbcParameters(TlsConfig tls) {
        Map<String, String> p = new LinkedHashMap<>();
        if (!tls.enabled()) {
            return p;
        }
        p.put("sslmode", tls.mode());
        if (tls.verifiesCertificate()) {
            p.put("sslrootcert", tls.caFile());
        }
        return p;
    }

    /** The MariaDB driver's URL parameters. */
    public static Map<String, String> mariaDbJdbcParameters(TlsConfig tls) {
        Map<String, String> p = new LinkedHashMap<>();
        if (!tls.enabled()) {
            return p;
        }
        p.put("sslMode", tls.verifiesCertificate() ? tls.mode() : "trust");
        if (tls.verifiesCertificate()) {
            p.put("serverSslCert", tls.caFile());
        }
        return p;
    }

    /**
     * MySQL Connector/J's URL parameters; a CA file becomes a PKCS12 trust store.
     *
     * @param key the configuration key of the TLS settings ({@code source.tls}), for errors
     */
    public static Map<String, String> mySqlJdbcParameters(TlsConfig tls, String key) {
        Map<String, String> p = new LinkedHashMap<>();
        if (!tls.enabled()) {
            return p;
        }
        p.put("sslMode", switch (tls.mode()) {
            case "verify-full" -> "VERIFY_IDENTITY";
            case "verify-ca" -> "VERIFY_CA";
            default -> "REQUIRED";
        });
        if (tls.verifiesCertificate()) {
            p.put("trustCertificateKeyStoreUrl", trustStore(tls, key).toUri().toString());
            p.put("trustCertificateKeyStoreType", "PKCS12");
            p.put("trustCertificateKeyStorePassword", PemTrustStore.PASSWORD);
        }
        return p;
    }

    /**
     * {@code ?k=v&...} for a JDBC URL, or empty. Values go in as they are: the MariaDB driver does not decode
     * percent escapes in file names, so a path with {@code &} or {@code ?} is refused instead.
     */
    public static String urlSuffix(Map<String, String> parameters) {
        if (parameters.isEmpty()) {
            return "";
        }
        return parameters.entrySet().stream()
                .map(e -> e.getKey() + "=" + plain(e.getKey(), e.getValue()))
                .collect(Collectors.joining("&", "?", ""));
    }

    /** Debezium's PostgreSQL connector properties for TLS to the source. */
    public static Map<String, String> postgresDebeziumProperties(TlsConfig tls) {
        Map<String, String> p = new LinkedHashMap<>();
        if (!tls.enabled()) {
            return p; // the driver's default (prefer), as before TLS could be configured
        }
        p.put("database.sslmode", tls.mode());
        if (tls.verifiesCertificate()) {
            p.put("database.sslrootcert", tls.caFile());
        }
        return p;
    }

    /** Debezium's MariaDB connector properties for TLS to the source. */
    public static Map<String, String> mariaDbDebeziumProperties(TlsConfig tls, String key) {
        return binlogDebeziumProperties(tls, key, true);
    }

    /** Debezium's MySQL connector properties for TLS to the source. */
    public static Map<String, String> mySqlDebeziumProperties(TlsConfig tls, String key) {
        return binlogDebeziumProperties(tls, key, false);
    }

    private static Map<String, String> binlogDebeziumProperties(TlsConfig tls, String key, boolean mariadb) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("database.ssl.mode", switch (tls.mode()) {
            case "disable" -> mariadb ? "disable" : "disabled";
            case "require" -> mariadb ? "trust" : "required";
            case "verify-ca" -> mariadb ? "verify-ca" : "verify_ca";
            default -> mariadb ? "verify-full" : "verify_identity";
        });
        if (tls.verifiesCertificate()) {
            // The binlog client takes a key store; the connector's JDBC connection takes the driver's own settings.
            p.put("database.ssl.truststore", trustStore(tls, key).toString());
            p.put("database.ssl.truststore.password", PemTrustStore.PASSWORD);
            if (mariadb) {
                p.put("driver.serverSslCert", tls.caFile());
            }
        }
        return p;
    }

    private static String plain(String parameter, String value) {
        if (value.contains("&") || value.contains("?") || value.contains("#")) {
            throw new IllegalArgumentException("tls.caFile: " + value + " contains &, ? or #, which cannot go into a JDBC URL ("
                    + parameter + "); move the file to a plain path");
        }
        return value;
    }

    private static Path trustStore(TlsConfig tls, String key) {
        return PemTrustStore.of(Path.of(tls.caFile()), key + ".caFile");
    }
}
