package io.ferry.core.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The problems found in one file so far, with what must be masked in their messages: every secret's value in
 * all of them, and in a record rule's message (which may quote the value it rejects), the key's value when that
 * came from a {@code ${...}} reference.
 *
 * <p>The loader phrases its own messages without such values, so masking them there is only a safety net; it is
 * not applied to values from references in general because short ones ({@code 0}, {@code db}) would garble the
 * wording of every message.
 */
final class Problems {

    private record Entry(String key, Mark mark, String message) {
    }

    private final String file;
    private final List<Entry> entries = new ArrayList<>();
    private final Set<String> keysWithProblems = new HashSet<>();
    private final Set<Secret> secrets = new LinkedHashSet<>();
    private final Map<String, Secret> resolvedValues = new HashMap<>();

    Problems(String file) {
        this.file = file;
    }

    void add(String key, Mark mark, String message) {
        entries.add(new Entry(key, mark, message));
        keysWithProblems.add(key);
    }

    /** For messages that may quote the key's value: masks it if it came from a reference. */
    void addQuotingValue(String key, Mark mark, String message) {
        Secret resolved = resolvedValues.get(key);
        add(key, mark, resolved == null ? message : Secret.mask(message, List.of(resolved)));
    }

    /** Whether a problem was already reported for exactly this key, so one mistake is not reported twice. */
    boolean hasProblemAt(String key) {
        return keysWithProblems.contains(key);
    }

    boolean isEmpty() {
        return entries.isEmpty();
    }

    void secret(String value) {
        secrets.add(Secret.of(value));
    }

    void resolvedFromReference(String key, String value) {
        resolvedValues.put(key, Secret.of(value));
    }

    /** Every problem, ordered by position, with secrets masked. */
    List<ConfigProblem> toList() {
        return entries.stream()
                .sorted(Comparator.comparingInt((Entry e) -> e.mark().line()).thenComparingInt(e -> e.mark().column()))
                .map(e -> new ConfigProblem(file, e.mark().line(), e.mark().column(), e.key(), Secret.mask(e.message(), secrets)))
                .toList();
    }

    ConfigException toException() {
        return new ConfigException(toList());
    }
}
