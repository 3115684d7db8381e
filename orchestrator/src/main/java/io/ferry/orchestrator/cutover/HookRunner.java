package io.ferry.orchestrator.cutover;

import io.ferry.core.config.HookConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Calls a hook: its command (run without a shell, with {@code FERRY_MIGRATION} and {@code FERRY_EVENT} in its
 * environment; exit code 0 is success) and its webhook (a POST of {@code {"migration":..., "event":...}}; a 2xx
 * status is success). A hook that does not finish within the time given fails.
 */
public final class HookRunner {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** What calling the hook would do, for a dry run. */
    public static List<String> describe(String event, HookConfig hook) {
        List<String> out = new ArrayList<>();
        if (hook.hasCommand()) {
            out.add(event + " hook: run " + hook.command());
        }
        if (hook.hasUrl()) {
            out.add(event + " hook: POST " + hook.url());
        }
        if (out.isEmpty()) {
            out.add(event + " hook: none configured");
        }
        return out;
    }

    public void call(String migration, String event, HookConfig hook, Duration timeout) throws IOException, InterruptedException {
        Duration limit = timeout.isNegative() || timeout.isZero() ? Duration.ofMillis(1) : timeout;
        if (hook.hasCommand()) {
            runCommand(migration, event, hook.command(), limit);
        }
        if (hook.hasUrl()) {
            post(migration, event, hook.url(), limit);
        }
    }

    private static void runCommand(String migration, String event, List<String> command, Duration timeout) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("FERRY_MIGRATION", migration);
        pb.environment().put("FERRY_EVENT", event);
        Process p = pb.start();
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IOException(event + " hook " + command.get(0) + " did not finish within " + timeout.toMillis() + " ms");
            }
            if (p.exitValue() != 0) {
                String out = new String(p.getInputStream().readNBytes(500), StandardCharsets.UTF_8).strip();
                throw new IOException(event + " hook " + command.get(0) + " exited with " + p.exitValue() + (out.isEmpty() ? "" : ": " + out));
            }
        } finally {
            p.destroyForcibly();
        }
    }

    private void post(String migration, String event, String url, Duration timeout) throws IOException, InterruptedException {
        String body = "{\"migration\":\"" + migration.replace("\"", "") + "\",\"event\":\"" + event + "\"}";
        HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(timeout)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() / 100 != 2) {
            throw new IOException(event + " webhook answered HTTP " + r.statusCode());
        }
    }
}
