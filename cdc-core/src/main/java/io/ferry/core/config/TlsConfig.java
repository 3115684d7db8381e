package io.ferry.core.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * TLS to a database, one vocabulary for PostgreSQL, MariaDB and MySQL (the names are PostgreSQL's {@code sslmode}),
 * passed alike to the JDBC drivers and to Debezium ({@link io.ferry.core.tls.DatabaseTls}).
 *
 * @param mode   {@code disable} (the default), {@code require} (encrypted, the server's certificate not checked),
 *               {@code verify-ca} (encrypted, the certificate signed by {@code caFile}) or {@code verify-full}
 *               (also the host name matches the certificate)
 * @param caFile the CA certificate(s) that sign the server's certificate, a PEM file; required by the verify modes
 */
public record TlsConfig(@JsonProperty(defaultValue = "disable") String mode, String caFile) {

    public static final List<String> MODES = List.of("disable", "require", "verify-ca", "verify-full");
    public static final TlsConfig DISABLED = new TlsConfig(null, null);

    public TlsConfig {
        mode = mode == null ? "disable" : mode;
        boolean verifies = mode.startsWith("verify-");
        Checks.on(TlsConfig.class)
                .require(MODES.contains(mode), "mode", "must be one of " + String.join(", ", MODES) + ", not " + mode)
                .require(!verifies || caFile != null && !caFile.isBlank(), "caFile",
                        "is required by mode " + mode + ": the PEM file of the CA that signs the server's certificate")
                .validate();
    }

    public boolean enabled() {
        return !mode.equals("disable");
    }

    /** Whether the server's certificate is checked against {@link #caFile}. */
    public boolean verifiesCertificate() {
        return mode.startsWith("verify-");
    }

    /** Whether the server's host name must match its certificate. */
    public boolean verifiesHost() {
        return mode.equals("verify-full");
    }
}
