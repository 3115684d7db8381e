package io.ferry.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A Ferry service (capture or applier) in a child JVM, which a test may kill with SIGKILL. */
final class ChildService implements AutoCloseable {

    private final Process process;
    final Path log;
    private final String main;

    private ChildService(Process process, Path log, String main) {
        this.process = process;
        this.log = log;
        this.main = main;
    }

    static ChildService start(String mainClass, Path yaml, String fault, String passwordEnv, String password, Path log) throws IOException {
        return start(mainClass, List.of(yaml.toString()), fault, passwordEnv, password, log);
    }

    static ChildService start(String mainClass, List<String> args, String fault, String passwordEnv, String password, Path log)
            throws IOException {
        return start(mainClass, args, fault == null ? List.of() : List.of("-Dferry.fault=" + fault), java.util.Map.of(passwordEnv, password), log);
    }

    /** @param jvmOptions more options for the child JVM; @param env more environment variables */
    static ChildService start(String mainClass, List<String> args, List<String> jvmOptions, java.util.Map<String, String> env, Path log)
            throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx384m");
        cmd.add("-XX:TieredStopAtLevel=1");
        cmd.add("-Duser.timezone=" + System.getProperty("user.timezone"));
        cmd.add("-Dferry.apply.commit-interval-ms=300");
        cmd.add("-Dferry.apply.session-timeout-ms=6000");
        cmd.addAll(jvmOptions);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(mainClass);
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(env);
        return new ChildService(pb.start(), log, mainClass);
    }

    /** SIGKILL: no shutdown hook, no close, exactly a crash. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** Waits for the process to end on its own (an injected fault halts it) and returns its exit code. */
    int awaitExit(long seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            throw new AssertionError(main + " did not exit within " + seconds + " s; log " + log + ":\n" + tail());
        }
        return process.exitValue();
    }

    /** SIGTERM, as a supervisor stops a service; returns the exit code, or fails if it is still running after {@code seconds}. */
    int terminate(long seconds) throws InterruptedException {
        process.destroy();
        return awaitExit(seconds);
    }

    void assertAlive() {
        assertThat(process.isAlive()).as("%s is running; log %s:%n%s", main, log, process.isAlive() ? "" : tail()).isTrue();
    }

    /**
     * Waits until the service's log contains {@code text}; on a timeout the failure carries the log's tail and a
     * thread dump of the child, so that a stall can be told from a slow machine.
     */
    void awaitLog(String text, java.time.Duration atMost) {
        try {
            org.awaitility.Awaitility.await().atMost(atMost).until(() -> Files.readString(log).contains(text));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError(main + " did not log \"" + text + "\" within " + atMost.toSeconds() + " s; log " + log
                    + ":\n" + tail() + "\nthreads:\n" + threadDump(), e);
        }
    }

    /** The child's threads ({@code jcmd Thread.print}), or why they could not be read. */
    String threadDump() {
        try {
            Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    Long.toString(process.pid()), "Thread.print").redirectErrorStream(true).start();
            byte[] out = jcmd.getInputStream().readAllBytes();
            jcmd.waitFor(30, TimeUnit.SECONDS);
            return new String(out, java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException | InterruptedException e) {
            return "(no thread dump: " + e + ")";
        }
    }

    String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy(); // SIGTERM: the services stop cleanly on it
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
