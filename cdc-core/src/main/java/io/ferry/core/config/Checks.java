package io.ferry.core.config;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Collects every rule a config record's values break and throws once, so that {@link ConfigLoader} can report
 * all of them with their lines instead of the first. Used from the records' compact constructors:
 *
 * <pre>{@code
 * Checks.on(ApplyConfig.class)
 *         .between("batchSize", batchSize, 1, 100_000)
 *         .atLeast("threads", threads, 1)
 *         .validate();
 * }</pre>
 *
 * <p>Keys are component names (or {@code component[i]} for a list element); messages must not contain secrets.
 */
public final class Checks {

    private final Class<?> recordType;
    private final List<InvalidValuesException.Violation> violations = new ArrayList<>();

    private Checks(Class<?> recordType) {
        this.recordType = recordType;
    }

    public static Checks on(Class<? extends Record> recordType) {
        return new Checks(recordType);
    }

    /**
     * Records {@code message} for {@code key} unless the condition holds. Only the first broken rule of a key
     * counts, so a chain like {@code notBlank(k, v).matches(k, v, ...)} says one thing per mistake.
     */
    public Checks require(boolean condition, String key, String message) {
        if (!condition && violations.stream().noneMatch(v -> v.key().equals(key))) {
            violations.add(new InvalidValuesException.Violation(key, message));
        }
        return this;
    }

    public Checks notNull(String key, Object value) {
        return require(value != null, key, "is required");
    }

    /** Present and not only white space; a null value is reported as missing. */
    public Checks notBlank(String key, String value) {
        return value == null ? notNull(key, null) : require(!value.isBlank(), key, "must not be empty");
    }

    public Checks between(String key, long value, long min, long max) {
        return require(value >= min && value <= max, key, "must be between " + min + " and " + max + ", got " + value);
    }

    public Checks atLeast(String key, long value, long min) {
        return require(value >= min, key, "must be at least " + min + ", got " + value);
    }

    /** A null value passes: whether it is required is {@link #notNull}'s business. */
    public Checks matches(String key, String value, Pattern pattern, String description) {
        return require(value == null || pattern.matcher(value).matches(), key,
                "must be " + description + " (" + pattern.pattern() + "), got '" + value + "'");
    }

    /** @throws InvalidValuesException listing every broken rule, if there is one */
    public void validate() {
        if (!violations.isEmpty()) {
            throw new InvalidValuesException(recordType, violations);
        }
    }
}
