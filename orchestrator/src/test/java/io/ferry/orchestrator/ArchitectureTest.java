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
 *
 * <p>Keeps engines in one place each, too: the source kind is turned into behaviour only where engines are chosen
 * ({@code SourceEngines}, the orchestrator's {@code SourceCatalog}) and implemented, and a MySQL/MariaDB table catalog
 * ({@code information_schema}'s tables, columns, indexes, keys, checks) is read only by {@code MySqlCatalog}.
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

    /** Every module whose main sources are scanned for engine branches and catalog reads. */
    private static final List<String> MODULES = List.of("cdc-core", "source-connectors", "sink-applier", "validator", "orchestrator");

    /** Where a source kind may be compared constant by constant: the engines, their choice, the enum itself. */
    private static final List<String> KIND_BRANCHES_ALLOWED = List.of(
            "source-connectors/src/main/java/io/ferry/capture/engine/",
            "orchestrator/src/main/java/io/ferry/orchestrator/engine/",
            "cdc-core/src/main/java/io/ferry/core/config/SourceKind.java");
    /**
     * A comparison with a source kind's constant ({@code kind == SourceKind.MYSQL}), or a {@code case} of one in a file that
     * uses SourceKind. Naming a constant to build a configuration is not a branch and passes.
     */
    static final Pattern KIND_CONSTANT = Pattern.compile("(?:[=!]=\\s*(?:[\\w.]*\\.)?SourceKind\\s*\\.\\s*(MARIADB|MYSQL|POSTGRESQL)\\b)"
            + "|(?:\\bSourceKind\\s*\\.\\s*(MARIADB|MYSQL|POSTGRESQL)\\s*(?:[=!]=|\\.equals\\b))");
    static final Pattern KIND_CASE = Pattern.compile("\\bcase\\s+(MARIADB|MYSQL|POSTGRESQL)\\b");

    /**
     * The readers of a MySQL/MariaDB table catalog (and PostgreSQL's, which reads its visible tables the same way), and the
     * target dialects, each of which owns its target's catalog.
     */
    private static final List<String> CATALOG_READERS = List.of(
            "cdc-core/src/main/java/io/ferry/core/schema/jdbc/MySqlCatalog.java",
            "cdc-core/src/main/java/io/ferry/core/schema/jdbc/PostgresCatalog.java",
            "sink-applier/src/main/java/io/ferry/apply/dialect/");
    static final Pattern TABLE_CATALOG = Pattern.compile(
            "information_schema\\s*\\.\\s*(tables|columns|statistics|key_column_usage|check_constraints|table_constraints|referential_constraints)\\b",
            Pattern.CASE_INSENSITIVE);

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
    void theSourceKindBecomesBehaviourOnlyInTheEngines() throws IOException {
        List<String> violations = new ArrayList<>();
        for (Path f : mainSources()) {
            String relative = ROOT.relativize(f).toString().replace('\\', '/');
            if (KIND_BRANCHES_ALLOWED.stream().anyMatch(relative::startsWith)) {
                continue;
            }
            String code = code(Files.readString(f));
            var constant = KIND_CONSTANT.matcher(code);
            var kase = KIND_CASE.matcher(code);
            if (constant.find()) {
                violations.add(relative + " compares with SourceKind." + (constant.group(1) != null ? constant.group(1) : constant.group(2)));
            } else if (code.contains("SourceKind") && kase.find()) {
                violations.add(relative + " has case " + kase.group(1));
            }
        }
        assertThat(violations).as("branches on the source kind outside the engines (ask SourceEngines.of(kind) instead, or give "
                + "SourceKind a property if only the configuration needs it)").isEmpty();
    }

    @Test
    void aMySqlTableCatalogIsReadOnlyByTheCatalogReaders() throws IOException {
        List<String> violations = new ArrayList<>();
        for (Path f : mainSources()) {
            String relative = ROOT.relativize(f).toString().replace('\\', '/');
            if (CATALOG_READERS.stream().anyMatch(relative::startsWith)) {
                continue;
            }
            var m = TABLE_CATALOG.matcher(code(Files.readString(f)));
            if (m.find()) {
                violations.add(relative + " reads " + m.group());
            }
        }
        assertThat(violations).as("information_schema table catalog reads outside MySqlCatalog/PostgresCatalog (add a method there)")
                .isEmpty();
    }

    @Test
    void theEngineScansSeeConstantsCasesAndCatalogTablesButNotLookAlikes() {
        assertThat(KIND_CONSTANT.matcher(code("if (kind == SourceKind.POSTGRESQL) {}")).find()).isTrue();
        assertThat(KIND_CONSTANT.matcher(code("if (io.ferry.core.config.SourceKind.MARIADB != kind) {}")).find()).isTrue();
        assertThat(KIND_CONSTANT.matcher(code("boolean m = source.kind() == io.ferry.core.config.SourceKind.MYSQL;")).find()).isTrue();
        assertThat(KIND_CONSTANT.matcher(code("new SourceConfig(SourceKind.POSTGRESQL, host, port)")).find()).isFalse();
        assertThat(KIND_CONSTANT.matcher(code("Engine.POSTGRESQL.quote(x)")).find()).isFalse();
        assertThat(KIND_CASE.matcher(code("switch (kind) { case MARIADB -> 1; }")).find()).isTrue();
        assertThat(TABLE_CATALOG.matcher(code("\"SELECT 1 FROM INFORMATION_SCHEMA.COLUMNS\"")).find()).isTrue();
        assertThat(TABLE_CATALOG.matcher(code("\"FROM information_schema.USER_PRIVILEGES\"")).find()).isFalse();
        assertThat(TABLE_CATALOG.matcher(code("/** as information_schema.columns says */ class A {}")).find()).isFalse();
    }

    private static List<Path> mainSources() throws IOException {
        List<Path> files = new ArrayList<>();
        for (String module : MODULES) {
            try (Stream<Path> s = Files.walk(existing(module + "/src/main/java"))) {
                s.filter(p -> p.toString().endsWith(".java")).forEach(files::add);
            }
        }
        assertThat(files).hasSizeGreaterThan(300);
        return files;
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
