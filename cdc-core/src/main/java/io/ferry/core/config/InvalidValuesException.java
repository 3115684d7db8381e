package io.ferry.core.config;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A config record was given values that break its rules. Lists them all (see {@link Checks}), each with the key
 * it concerns, so the loader can locate every one in the file.
 */
public final class InvalidValuesException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /** One broken rule: the component's key and what is wrong with its value. */
    public record Violation(String key, String message) {
    }

    private final transient List<Violation> violations;

    InvalidValuesException(Class<?> recordType, List<Violation> violations) {
        super("invalid " + recordType.getSimpleName() + ": " + violations.stream()
                .map(v -> v.key() + " " + v.message())
                .collect(Collectors.joining("; ")));
        this.violations = List.copyOf(violations);
    }

    public List<Violation> violations() {
        return violations;
    }
}
