package io.ferry.core.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * A password or other credential. Its value is read only through {@link #reveal()}, so every place that
 * uses it is easy to find; {@link #toString()} and Jackson serialisation both give {@value #MASK}, which keeps
 * secrets out of logs, status pages and exception messages that print a config record.
 */
public final class Secret {

    /** What a secret looks like wherever it is printed. */
    public static final String MASK = "****";

    /** No password (the default where a password may be left out). */
    public static final Secret EMPTY = new Secret("");

    private final String value;

    private Secret(String value) {
        this.value = value;
    }

    /** Wraps a value; YAML string scalars bind through this method. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static Secret of(String value) {
        return new Secret(Objects.requireNonNull(value, "value"));
    }

    /** The secret value, for handing to a driver or client; never log or print it. */
    public String reveal() {
        return value;
    }

    public boolean isEmpty() {
        return value.isEmpty();
    }

    /**
     * Replaces every occurrence of a secret's value in {@code text} by {@value #MASK}, for messages that may quote
     * text from outside Ferry (a driver's error, a config line). Empty secrets are ignored.
     */
    public static String mask(String text, Collection<Secret> secrets) {
        if (text == null || secrets.isEmpty()) {
            return text;
        }
        // Longest first, so a secret that contains another one is masked whole rather than leaving its rest.
        List<String> values = secrets.stream()
                .map(Secret::reveal)
                .filter(v -> !v.isEmpty())
                .distinct()
                .sorted(Comparator.comparingInt(String::length).reversed())
                .toList();
        String masked = text;
        for (String v : values) {
            masked = masked.replace(v, MASK);
        }
        return masked;
    }

    @Override
    public boolean equals(Object o) {
        // Constant-time comparison: equality of credentials should not leak the length of a common prefix.
        return o instanceof Secret other
                && MessageDigest.isEqual(value.getBytes(StandardCharsets.UTF_8), other.value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @JsonValue
    @Override
    public String toString() {
        return MASK;
    }
}
