package io.ferry.core.config;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A configuration file is wrong. Carries every problem found in it, so an operator fixes them in one round;
 * the message lists them one per line in {@link ConfigProblem#format()} form.
 */
public final class ConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient List<ConfigProblem> problems;

    public ConfigException(List<ConfigProblem> problems) {
        super(problems.stream().map(ConfigProblem::format).collect(Collectors.joining("\n")));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a ConfigException needs at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    /** All problems, ordered by position in the file. */
    public List<ConfigProblem> problems() {
        return problems;
    }
}
