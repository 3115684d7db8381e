package io.ferry.orchestrator.it;

import io.ferry.orchestrator.cli.Ferry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/** The {@code ferry} command line run in this JVM, as a user runs it: its exit code and what it printed. */
final class FerryCli {

    record Result(int exit, String out) {
    }

    private FerryCli() {
    }

    static synchronized Result run(String... args) {
        PrintStream out = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int exit;
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            exit = new CommandLine(new Ferry()).execute(args);
        } finally {
            System.setOut(out);
        }
        return new Result(exit, captured.toString(StandardCharsets.UTF_8));
    }
}
