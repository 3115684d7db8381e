package io.ferry.bench;

import io.ferry.sandbox.Sandbox;
import io.ferry.sandbox.SandboxOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Peak memory of the services as a user runs them: capture and the applier each in its own JVM with the heap the
 * {@code ferry} script gives ({@code -Xmx512m} unless {@code --heap} says otherwise), through the full load of the
 * benchmark's table ({@code --rows}, 1,000,000 by default). Prints the time of the load and each process's peak
 * resident set (the kernel's {@code VmHWM}).
 */
public final class ServiceMemoryBench {

    public static void main(String[] args) throws Exception {
        int rows = PipelineBench.intArg(args, "--rows", 1_000_000);
        int i = java.util.Arrays.asList(args).indexOf("--heap");
        String heap = i >= 0 && i + 1 < args.length ? args[i + 1] : "512m";
        try (Sandbox sandbox = Sandbox.start(SandboxOptions.defaults())) {
            System.out.printf("memory bench: sandbox up (%s); loading %,d rows%n", sandbox.directory(), rows);
            PipelineBench.load(sandbox, rows);
            PipelineBench.config(sandbox);
            Path yaml = sandbox.directory().resolve("bench.yaml");
            long t0 = System.nanoTime();
            Process capture = spawn("io.ferry.capture.CaptureMain", heap, yaml, sandbox.directory().resolve("capture.log"));
            Process applier = spawn("io.ferry.apply.streams.ApplierMain", heap, yaml, sandbox.directory().resolve("applier.log"));
            try {
                long applied = 0;
                while (applied < rows) {
                    if (!capture.isAlive() || !applier.isAlive()) {
                        throw new IllegalStateException("a service died; logs in " + sandbox.directory());
                    }
                    Thread.sleep(500);
                    applied = targetRows(sandbox);
                }
                double seconds = (System.nanoTime() - t0) / 1e9;
                long captureKb = peakRssKb(capture);
                long applierKb = peakRssKb(applier);
                System.out.printf("full load: %,d rows in the target in %.1f s = %,.0f rows/s (heap -Xmx%s per service)%n",
                        rows, seconds, rows / seconds, heap);
                System.out.printf("peak RSS: capture %,d MB, apply %,d MB%n", captureKb / 1024, applierKb / 1024);
            } finally {
                for (Process p : List.of(capture, applier)) {
                    p.destroy();
                    p.waitFor();
                }
            }
        }
    }

    private static Process spawn(String main, String heap, Path yaml, Path log) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx" + heap);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(main);
        cmd.add(yaml.toString());
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static long targetRows(Sandbox sandbox) {
        try (Connection c = sandbox.postgres().connect("bench"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM bench.orders")) {
            rs.next();
            return rs.getLong(1);
        } catch (java.sql.SQLException e) {
            return 0;
        }
    }

    /** The process's peak resident set in KiB, from /proc (Linux). */
    private static long peakRssKb(Process p) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(p.pid()), "status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }
}
