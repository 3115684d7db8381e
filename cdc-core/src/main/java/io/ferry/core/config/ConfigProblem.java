package io.ferry.core.config;

import java.util.Objects;

/**
 * One mistake in a configuration file.
 *
 * @param file    the file name as given to the loader
 * @param line    1-based line, or 0 when the problem concerns the file as a whole (it cannot be read)
 * @param column  1-based column, or 0 with {@code line}
 * @param key     the key path, such as {@code source.port} or {@code tables.include[1]}; empty when the
 *                problem is not about one key (a syntax error)
 * @param message what is wrong, never containing a secret's value
 */
public record ConfigProblem(String file, int line, int column, String key, String message) {

    public ConfigProblem {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(message, "message");
    }

    /** {@code file:line:column: key: message}, the form compilers use so editors and terminals can jump to it. */
    public String format() {
        StringBuilder sb = new StringBuilder(file);
        if (line > 0) {
            sb.append(':').append(line).append(':').append(column);
        }
        sb.append(": ");
        if (!key.isEmpty()) {
            sb.append(key).append(": ");
        }
        return sb.append(message).toString();
    }
}
