package io.ferry.core.metrics;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.List;

/**
 * The readiness of a process: named checks, each saying what is wrong or null when its part works. A process is
 * ready only when every check passes; a check that throws counts as failed with its message.
 */
public final class Health {

    /** One readiness check: a connection that answers, a Kafka client that reaches the broker. */
    @FunctionalInterface
    public interface Check {
        /** What is wrong, in words for the operator (no secret), or null when this part works. */
        String problem() throws Exception;
    }

    private record Named(String name, Check check) {
    }

    private final List<Named> checks = new CopyOnWriteArrayList<>();

    public Health add(String name, Check check) {
        checks.add(new Named(name, check));
        return this;
    }

    /** Replaces the checks of that name (a part that stopped on purpose, as forward capture at a flip with reverse replication). */
    public Health replace(String name, Check check) {
        checks.removeIf(n -> n.name().equals(name));
        return add(name, check);
    }

    /** Runs every check: name to "ok" or the problem. */
    public Map<String, String> run() {
        Map<String, String> out = new LinkedHashMap<>();
        for (Named n : checks) {
            String problem;
            try {
                problem = n.check.problem();
            } catch (Exception e) {
                problem = e.getClass().getSimpleName() + ": " + e.getMessage();
            }
            out.put(n.name, problem == null ? "ok" : problem);
        }
        return out;
    }

    public static boolean ready(Map<String, String> results) {
        return results.values().stream().allMatch("ok"::equals);
    }
}
