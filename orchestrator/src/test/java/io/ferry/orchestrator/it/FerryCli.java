package io.ferry.orchestrator.it;

import io.ferry.orchestrator.cli.Ferry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/** The {@code ferry} command line run in this JVM, as a user runs it: its exit code and what it printed. */
final class FerryCli {

    record Result(int exit, String out) {

        /**
         * The JSON document the command printed: from its first line that opens an object or an array. In tests,
         * log lines (a Kafka client's warning, say) share standard output with it.
         */
        String json() {
            int at = 0;
            for (String line : out.split("\n", -1)) {
                if (line.startsWith("{") || line.startsWith("[")) {
                    return out.substring(at);
                }
                at += line.length() + 1;
            }
            throw new AssertionError("no JSON document in the command's output:\n" + out);
        }
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
