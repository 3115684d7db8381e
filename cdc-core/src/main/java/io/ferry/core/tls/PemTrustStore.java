package io.ferry.core.tls;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import java.util.HexFormat;

/**
 * A PKCS12 trust store made from a PEM CA file, for the clients that take only a key store (MySQL Connector/J,
 * Debezium's binlog client). It holds public certificates only, so its password ({@link #PASSWORD}) guards
 * integrity, not a secret. Made once per CA content in the temporary directory.
 */
public final class PemTrustStore {

    /** Not a secret: the store holds nothing but the CA's public certificates. */
    public static final String PASSWORD = "ferry-public-ca";

    private PemTrustStore() {
    }

    /**
     * @param key the configuration key that named the file, for the error message
     * @throws IllegalArgumentException naming the key and file when it is missing or holds no certificate
     */
    public static Path of(Path pem, String key) {
        try {
            byte[] content = Files.readAllBytes(pem);
            String name = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content)).substring(0, 32);
            Path dir = Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir"), "ferry-truststores"));
            Path store = dir.resolve(name + ".p12");
            if (Files.exists(store)) {
                return store;
            }
            Collection<? extends Certificate> certs;
            try (InputStream in = Files.newInputStream(pem)) {
                certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
            }
            if (certs.isEmpty()) {
                throw new IllegalArgumentException(key + ": " + pem + " holds no certificate (a PEM file of the CA is expected)");
            }
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            int i = 0;
            for (Certificate c : certs) {
                ks.setCertificateEntry("ca-" + i++, c);
            }
            Path tmp = Files.createTempFile(dir, name, ".tmp");
            try (OutputStream out = Files.newOutputStream(tmp)) {
                ks.store(out, PASSWORD.toCharArray());
            }
            Files.move(tmp, store, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return store;
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(key + ": " + pem + " does not exist", e);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException(key + ": cannot read " + pem + " as PEM certificates: " + e.getMessage(), e);
        }
    }
}
