package io.ferry.orchestrator.cli;

import java.util.Optional;

/**
 * The one setting that chooses how Ferry logs: {@code FERRY_LOG_FORMAT=text} (the default, for people) or
 * {@code json} (one JSON object per line, for log collectors). logback.xml picks the appender by this name; any
 * other value would silence every log line, so the command line refuses it at start.
 */
final class LogFormat {

    static final String VARIABLE = "FERRY_LOG_FORMAT";

    private LogFormat() {
    }

    /** An error naming the variable and its allowed values, or empty when {@code value} is usable (unset counts as text). */
    static Optional<String> problem(String value) {
        if (value == null || value.equals("text") || value.equals("json")) {
            return Optional.empty();
        }
        return Optional.of(VARIABLE + "=" + value + " is not a log format: use text or json");
    }
}
