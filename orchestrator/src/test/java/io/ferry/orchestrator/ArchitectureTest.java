package io.ferry.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the pure parts of Ferry pure: configuration, change events and positions, canonical values, the schema mapping,
 * topic names, the retry policy, lag statistics and the cutover's plan and state machine use neither JDBC nor Kafka
 * (nor Debezium), so they are tested without a database or a broker and stay free of I/O. Reads the source files of
 * the modules (imports and fully qualified names alike, comments left out); a new file in a pure package is checked
 * without being listed.
 */
class ArchitectureTest {

    /** Whole packages (a directory and everything below it) that must stay pure. */
    private static final List<String> PURE_PACKAGES = List.of(
            "cdc-core/src/main/java/io/ferry/core/event",
            "cdc-core/src/main/java/io/ferry/core/config",
            "cdc-core/src/main/java/io/ferry/core/schema/mapping",
            "cdc-core/src/main/java/io/ferry/core/topic",
            "cdc-core/src/main/java/io/ferry/core/retry",
            "orchestrator/src/main/java/io/ferry/orchestrator/lag");

    /** Packages whose own files (not subpackages: their {@code jdbc} subpackage is the I/O) must stay pure. */
    private static final List<String> PURE_PACKAGES_SHALLOW = List.of(
            "cdc-core/src/main/java/io/ferry/core/value",
            "cdc-core/src/main/java/io/ferry/core/schema");

    /** The cutover's plan and state machine, in packages that also hold their JDBC-backed stores. */
    private static final List<String> PURE_FILES = List.of(
            "orchestrator/src/main/java/io/ferry/orchestrator/cutover/CutoverPlan.java",
            "orchestrator/src/main/java/io/ferry/orchestrator/cutover/CutoverStep.java",
            "orchestrator/src/main/java/io/ferry/orchestrator/cutover/CutoverContext.java",
            "orchestrator/src/main/java/io/ferry/orchestrator/cutover/CutoverReport.java",
            "orchestrator/src/main/java/io/ferry/orchestrator/cutover/StepReport.java",
            "orchestrator/src/main/java/io/ferry/orchestrator/cutover/FreezeStrategy.java",
            "orchestrator/src/main/java/io/ferry/orchestrator/migration/MigrationPhase.java",
            "orchestrator/src/main/java/io/ferry/orchestrator/migration/MigrationState.java",
            "orchestrator/src/main/java/io/ferry/orchestrator/migration/Transition.java",
            "orchestrator/src/main/java/io/ferry/orchestrator/migration/Routing.java",
            "orchestrator/src/main/java/io/ferry/orchestrator/migration/Refusal.java",
            "orchestrator/src/main/java/io/ferry/orchestrator/migration/ReadinessGate.java",
            "orchestrator/src/main/java/io/ferry/orchestrator/migration/ReadinessSignals.java");

    /** What a pure file may not name: JDBC, Kafka, Debezium. */
    static final Pattern FORBIDDEN = Pattern.compile("\\b(java\\.sql|javax\\.sql|org\\.apache\\.kafka|io\\.debezium)\\.");
    private static final Pattern BLOCK_COMMENT = Pattern.compile("/\\*.*?\\*/", Pattern.DOTALL);
    private static final Pattern LINE_COMMENT = Pattern.compile("//[^\\n]*");

    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();

    @Test
    void purePackagesUseNeitherJdbcNorKafka() throws IOException {
        List<Path> files = new ArrayList<>();
        for (String dir : PURE_PACKAGES) {
            try (Stream<Path> s = Files.walk(existing(dir))) {
                s.filter(p -> p.toString().endsWith(".java")).forEach(files::add);
            }
        }
        for (String dir : PURE_PACKAGES_SHALLOW) {
            try (Stream<Path> s = Files.list(existing(dir))) {
                s.filter(p -> p.toString().endsWith(".java")).forEach(files::add);
            }
        }
        PURE_FILES.forEach(f -> files.add(existing(f)));
        assertThat(files).hasSizeGreaterThan(80);

        List<String> violations = new ArrayList<>();
        for (Path f : files) {
            String code = code(Files.readString(f));
            var m = FORBIDDEN.matcher(code);
            if (m.find()) {
                violations.add(ROOT.relativize(f) + " names " + m.group(1) + ".*");
            }
        }
        assertThat(violations).as("pure files that use JDBC, Kafka or Debezium (move the I/O out, e.g. to a jdbc subpackage)").isEmpty();
    }

    @Test
    void theScanSeesImportsAndQualifiedNamesButNotComments() {
        assertThat(FORBIDDEN.matcher(code("import java.sql.Connection;")).find()).isTrue();
        assertThat(FORBIDDEN.matcher(code("void f(org.apache.kafka.clients.admin.Admin a) {}")).find()).isTrue();
        assertThat(FORBIDDEN.matcher(code("/** reads {@link java.sql.ResultSet} */ class A {}")).find()).isFalse();
        assertThat(FORBIDDEN.matcher(code("class A {} // unlike java.sql.Connection")).find()).isFalse();
        assertThat(FORBIDDEN.matcher(code("import java.util.List;")).find()).isFalse();
    }

    private static String code(String source) {
        return LINE_COMMENT.matcher(BLOCK_COMMENT.matcher(source).replaceAll(" ")).replaceAll(" ");
    }

    private static Path existing(String relative) {
        Path p = ROOT.resolve(relative);
        if (!Files.exists(p)) {
            throw new UncheckedIOException(new IOException("architecture test: " + p + " does not exist; update the list of pure packages"));
        }
        return p;
    }
}
