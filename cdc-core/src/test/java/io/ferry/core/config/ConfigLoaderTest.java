package io.ferry.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    private static final String MARKER = "s3cr3t-MARKER";

    /** The smallest valid pipeline; tests append sections to it. */
    private static final String MINIMAL = """
            name: shop
            source:
              kind: mysql
              host: 127.0.0.1
              user: ferry
              database: shop
            target:
              kind: postgresql
              host: 127.0.0.1
              database: target
              user: ferry
            kafka:
              bootstrapServers: 127.0.0.1:9092
            """;

    @TempDir
    Path tempDir;

    @Test
    void bindsEveryFieldOfAFullFile() {
        PipelineConfig config = ConfigLoader.parse(resource("full.yaml"), "full.yaml",
                Map.of("FERRY_SOURCE_PASSWORD", MARKER)::get, null);

        assertThat(config.name()).isEqualTo("shop-to-pg");
        assertThat(config.source()).isEqualTo(new SourceConfig(
                SourceKind.MARIADB, "db.internal", 3307, "ferry_capture", Secret.of(MARKER), "shop", 6001));
        assertThat(config.target()).isEqualTo(new TargetConfig(
                TargetKind.POSTGRESQL, "pg.internal", 6432, "warehouse", "ferry_apply", Secret.of("target-pw"), "shop_v2"));
        assertThat(config.kafka()).isEqualTo(new KafkaSettings("kafka-1:9092,kafka-2:9092", "ferry_shop", 12, (short) 3));
        assertThat(config.tables().include()).containsExactly("orders", "order_*", "customer?");
        assertThat(config.tables().exclude()).containsExactly("*_tmp");
        assertThat(config.apply()).isEqualTo(new ApplyConfig(500, 50, ErrorPolicy.STOP, 4, null, 0));
        assertThat(config.capture()).isEqualTo(new CaptureConfig(SnapshotMode.NO_DATA, 5000, null, 0));
    }

    @Test
    void appliesDefaultsToAMinimalFile() {
        PipelineConfig config = parse(resource("minimal.yaml"));

        assertThat(config.source().port()).isEqualTo(3306);
        assertThat(config.source().password()).isEqualTo(Secret.EMPTY);
        assertThat(config.source().serverId()).isEqualTo(5400);
        assertThat(config.target().port()).isEqualTo(5432);
        assertThat(config.target().password()).isEqualTo(Secret.EMPTY);
        assertThat(config.target().schema()).as("named like the source database").isEqualTo("shop");
        assertThat(config.kafka()).isEqualTo(new KafkaSettings("127.0.0.1:9092", "ferry", 3, (short) 1));
        assertThat(config.tables()).isEqualTo(new TablesConfig(List.of("*"), List.of()));
        assertThat(config.apply()).isEqualTo(new ApplyConfig(2000, 200, ErrorPolicy.DLQ, 1, null, 0));
        assertThat(config.capture()).isEqualTo(new CaptureConfig(SnapshotMode.BULK, 1000, null, 0));
        int cores = Math.max(2, Runtime.getRuntime().availableProcessors());
        assertThat(config.capture().bulk()).isEqualTo(new BulkLoadConfig(cores, cores, 50_000));
    }

    @Test
    void readsTheBulkLoadSettingsAndRejectsNegativeOnes() {
        PipelineConfig config = parse(MINIMAL_FOR_BULK + "capture: {snapshotMode: bulk, bulk: {readers: 3, writers: 5, chunkRows: 1000}}\n");
        assertThat(config.capture().bulk()).isEqualTo(new BulkLoadConfig(3, 5, 1000));
        assertThatThrownBy(() -> parse(MINIMAL_FOR_BULK + "capture: {bulk: {readers: -1}}\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("readers");
    }

    private static final String MINIMAL_FOR_BULK = """
            name: bulk
            source: {kind: mariadb, host: h, user: u, database: shop}
            target: {kind: postgresql, host: h, database: d, user: u}
            """;

    @Test
    void defaultsThePortByKindOfSource() {
        PipelineConfig config = parse(MINIMAL.replace("kind: mysql", "kind: postgresql"));

        assertThat(config.source().port()).isEqualTo(5432);
        assertThat(config.source().serverId()).as("no binlog client id for PostgreSQL").isZero();
    }

    @Test
    void withoutAKafkaSectionThePipelineRunsThroughTheEmbeddedBroker() {
        PipelineConfig config = parse(MINIMAL.replaceAll("(?s)kafka:.*?\n(?=\\S|$)", ""));

        assertThat(config.kafka().isEmbedded()).isTrue();
        assertThat(config.kafka().bootstrapServers()).isNull();
        assertThat(config.kafka().dataDir()).isNull();
        assertThat(config.kafka().topicPrefix()).isEqualTo("ferry");
        KafkaSettings resolved = config.kafka().withBootstrapServers("127.0.0.1:40000");
        assertThat(resolved.isEmbedded()).isFalse();
        assertThat(resolved.bootstrapServers()).isEqualTo("127.0.0.1:40000");
    }

    @Test
    void messageSizeLimitAndCompressionHaveSaneDefaultsAndBounds() {
        String base = MINIMAL.replaceAll("(?s)kafka:.*?\n(?=\\S|$)", "");
        KafkaSettings defaults = parse(base + "kafka: {bootstrapServers: \"k:9092\"}\n").kafka();
        assertThat(defaults.maxMessageBytes()).isEqualTo(16 * 1024 * 1024);
        assertThat(defaults.compression()).isEqualTo(KafkaCompression.LZ4);
        assertThat(defaults.kafkaLimitBytes()).as("room for the key and the batch framing").isGreaterThan(defaults.maxMessageBytes());
        assertThat(defaults.withBootstrapServers("k2:9092").maxMessageBytes()).as("kept when the address is resolved")
                .isEqualTo(16 * 1024 * 1024);

        KafkaSettings set = parse(base + "kafka: {bootstrapServers: \"k:9092\", maxMessageBytes: 33554432, compression: zstd}\n").kafka();
        assertThat(set.maxMessageBytes()).isEqualTo(32 * 1024 * 1024);
        assertThat(set.compression().producerValue()).isEqualTo("zstd");

        assertThat(catchThrowableOfType(ConfigException.class,
                () -> parse(base + "kafka: {bootstrapServers: \"k:9092\", maxMessageBytes: 1000}\n")).problems())
                .extracting(ConfigProblem::key, ConfigProblem::message)
                .containsExactly(tuple("kafka.maxMessageBytes", "must be between 65536 and 268435456, got 1000"));
    }

    @Test
    void theEmbeddedBrokerAndAnExistingClusterExcludeEachOther() {
        String base = MINIMAL.replaceAll("(?s)kafka:.*?\n(?=\\S|$)", "");
        assertThat(parse(base + "kafka: {embedded: true, dataDir: /var/lib/ferry/kafka}\n").kafka().dataDir())
                .isEqualTo("/var/lib/ferry/kafka");
        assertThat(catchThrowableOfType(ConfigException.class,
                () -> parse(base + "kafka: {embedded: true, bootstrapServers: \"k:9092\", dataDir: /d}\n")).problems())
                .extracting(ConfigProblem::key, ConfigProblem::message)
                .containsExactly(
                        tuple("kafka.embedded", "give either bootstrapServers (an existing cluster) or embedded: true, not both"),
                        tuple("kafka.dataDir", "is where the embedded broker keeps its data; an existing cluster (bootstrapServers) has none"));
        assertThat(catchThrowableOfType(ConfigException.class, () -> parse(base + "kafka: {embedded: false}\n")).problems())
                .extracting(ConfigProblem::key, ConfigProblem::message)
                .containsExactly(tuple("kafka.bootstrapServers", "is required with embedded: false"));
    }

    @Test
    void reportsEveryProblemInOneExceptionWithLines() {
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> parse(resource("many-problems.yaml"), "many-problems.yaml"));

        assertThat(e.problems())
                .extracting(ConfigProblem::line, ConfigProblem::column, ConfigProblem::key, ConfigProblem::message)
                .containsExactly(
                        tuple(3, 1, "source.database", "required key is missing"),
                        tuple(4, 9, "source.kind", "expected one of mariadb, mysql, postgresql, got 'oracle'"),
                        tuple(6, 9, "source.port", "expected an integer, got 'abc'"),
                        tuple(9, 1, "target.database", "required key is missing"),
                        tuple(14, 3, "kafka.bootstrapServer", "unknown key; did you mean 'bootstrapServers'?"),
                        tuple(16, 14, "apply.batchSize", "must be between 1 and 100000, got 200000"));
        assertThat(e.getMessage().lines()).hasSize(6)
                .contains("many-problems.yaml:4:9: source.kind: expected one of mariadb, mysql, postgresql, got 'oracle'")
                .contains("many-problems.yaml:14:3: kafka.bootstrapServer: unknown key; did you mean 'bootstrapServers'?");
        assertThat(e.getMessage()).doesNotContain(MARKER);
    }

    @Test
    void reportsRulesOfARecordEvenWhenAnotherKeyOfItIsWrong() {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> parse("""
                name: Shop Pipeline
                source:
                  kind: mysql
                  host: 127.0.0.1
                  user: ferry
                  database: shop
                target: {}
                kafka:
                  bootstrapServers: 127.0.0.1:9092
                  partitions: -1
                  replicationFactor: -2
                """));

        assertThat(e.problems()).extracting(ConfigProblem::line, ConfigProblem::key)
                .containsExactly(
                        tuple(1, "name"),
                        tuple(7, "target.kind"),
                        tuple(7, "target.host"),
                        tuple(7, "target.database"),
                        tuple(7, "target.user"),
                        tuple(10, "kafka.partitions"),
                        tuple(11, "kafka.replicationFactor"));
        assertThat(e.problems().get(0).message()).startsWith("must be lower-case letters, digits").endsWith("got 'Shop Pipeline'");
    }

    @Test
    void retryAndShutdownSettingsAreReadAndAnOutageIsWaitedOutWithoutLimitByDefault() {
        PipelineConfig defaults = parse(MINIMAL);
        assertThat(defaults.apply().retry().maxDuration()).isEmpty();
        assertThat(defaults.apply().shutdownTimeoutMs()).isEqualTo(30_000);
        assertThat(defaults.capture().retry()).isEqualTo(RetryConfig.DEFAULTS);

        PipelineConfig set = parse(MINIMAL + """
                apply:
                  retry: {maxDurationMs: 600000, initialBackoffMs: 200, maxBackoffMs: 5000}
                  shutdownTimeoutMs: 10000
                capture:
                  retry: {maxDurationMs: 120000}
                """);
        assertThat(set.apply().retry()).isEqualTo(new RetryConfig(600_000, 200, 5000));
        assertThat(set.apply().shutdownTimeoutMs()).isEqualTo(10_000);
        assertThat(set.capture().retry().maxDuration()).contains(java.time.Duration.ofMinutes(2));

        ConfigException e = catchThrowableOfType(ConfigException.class, () -> parse(MINIMAL + """
                apply:
                  retry: {maxDurationMs: 0, initialBackoffMs: 9000, maxBackoffMs: 1000}
                """));
        assertThat(e.problems()).extracting(ConfigProblem::key).contains("apply.retry.maxDurationMs", "apply.retry.maxBackoffMs");
    }

    @Test
    void suggestsTheKnownKeyForOtherSpellingsAndTypos() {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> parse(MINIMAL + """
                apply:
                  batch_size: 10
                  treads: 2
                  colour: blue
                """));

        assertThat(e.problems()).extracting(ConfigProblem::key, ConfigProblem::message).containsExactly(
                tuple("apply.batch_size", "unknown key; did you mean 'batchSize'?"),
                tuple("apply.treads", "unknown key; did you mean 'threads'?"),
                tuple("apply.colour", "unknown key; expected one of batchSize, flushIntervalMs, onError, threads, retry, shutdownTimeoutMs"));
    }

    @Test
    void rejectsFractionsAndIntegersOutOfTheirTypesRange() {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> parse(MINIMAL.replace(
                "  bootstrapServers: 127.0.0.1:9092\n", """
                  bootstrapServers: 127.0.0.1:9092
                  partitions: 2.5
                  replicationFactor: 40000
                """) + """
                apply:
                  flushIntervalMs: 1e3
                  threads: 99999999999
                """));

        assertThat(e.problems()).extracting(ConfigProblem::key, ConfigProblem::message).containsExactly(
                tuple("kafka.partitions", "expected an integer, got '2.5'"),
                tuple("kafka.replicationFactor", "expected an integer from -32768 to 32767, got '40000'"),
                tuple("apply.flushIntervalMs", "expected an integer, got '1e3'"),
                tuple("apply.threads", "expected an integer from -2147483648 to 2147483647, got '99999999999'"));
    }

    @Test
    void refusesAnExplicitZeroThatWouldSilentlySelectTheDefault() {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> parse(MINIMAL + """
                apply:
                  batchSize: 0
                """));

        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.key()).isEqualTo("apply.batchSize");
            assertThat(p.line()).isEqualTo(15);
            assertThat(p.message()).isEqualTo("must not be 0; leave the key out to get the default (2000)");
        });
    }

    @Test
    void readsEnumsInAnyCase() {
        PipelineConfig config = parse(MINIMAL.replace("kind: mysql", "kind: MariaDB") + """
                apply:
                  onError: Stop
                capture:
                  snapshotMode: WHEN_needed
                """);

        assertThat(config.source().kind()).isEqualTo(SourceKind.MARIADB);
        assertThat(config.apply().onError()).isEqualTo(ErrorPolicy.STOP);
        assertThat(config.capture().snapshotMode()).isEqualTo(SnapshotMode.WHEN_NEEDED);
    }

    @Test
    void keepsStringValuesAsWrittenWhateverYamlWouldMakeOfThem() {
        PipelineConfig config = parse(MINIMAL
                .replace("database: shop", "database: 2024\n  password: 0123")
                .replace("database: target", "database: target\n  port: \"6432\"\n  password: yes"));

        assertThat(config.source().database()).isEqualTo("2024");
        assertThat(config.source().password().reveal()).isEqualTo("0123");
        assertThat(config.target().port()).isEqualTo(6432);
        assertThat(config.target().password().reveal()).isEqualTo("yes");
    }

    @Test
    void treatsAKeyWithNoValueAsLeftOutUnlessItIsRequired() {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> parse(
                MINIMAL.replace("host: 127.0.0.1\n  user: ferry\n  database: shop", "host:\n  user: ferry\n  database: shop\n  port:")));

        assertThat(e.problems()).extracting(ConfigProblem::line, ConfigProblem::key, ConfigProblem::message)
                .containsExactly(tuple(4, "source.host", "required key has no value"));
    }

    @Test
    void refusesServerIdForAPostgresqlSource() {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> parse(
                MINIMAL.replace("kind: mysql", "kind: postgresql\n  serverId: 77")));

        assertThat(e.problems()).extracting(ConfigProblem::line, ConfigProblem::key, ConfigProblem::message)
                .containsExactly(tuple(4, "source.serverId", "applies only to mariadb and mysql sources"));
    }

    @Test
    void reportsDuplicateKeysAliasesAndWrongContainerTypes() {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> parse(MINIMAL + """
                tables:
                  include: orders
                  exclude: &x [a]
                capture: *x
                name: again
                """));

        assertThat(e.problems()).extracting(ConfigProblem::line, ConfigProblem::key, ConfigProblem::message)
                .containsExactly(
                        tuple(15, "tables.include", "expected a list, got 'orders'"),
                        tuple(17, "capture", "YAML aliases (*x) are not supported; write the value out"),
                        tuple(18, "name", "duplicate key; first given on line 1"));
    }

    @Test
    void resolvesEnvironmentReferencesThroughTheInjectedFunction() {
        PipelineConfig config = parse(MINIMAL
                        .replace("host: 127.0.0.1\n  user: ferry\n  database: shop",
                                "host: ${env:DB_HOST}\n  port: ${env:DB_PORT}\n  user: ferry\n  password: ${env:FERRY_SOURCE_PASSWORD}\n  database: shop")
                        .replace("127.0.0.1:9092", "${env:KAFKA_HOST}:9092"),
                Map.of("DB_HOST", "db.internal", "DB_PORT", "3310", "FERRY_SOURCE_PASSWORD", MARKER, "KAFKA_HOST", "k1"));

        assertThat(config.source().host()).isEqualTo("db.internal");
        assertThat(config.source().port()).isEqualTo(3310);
        assertThat(config.source().password().reveal()).isEqualTo(MARKER);
        assertThat(config.kafka().bootstrapServers()).isEqualTo("k1:9092");
    }

    @Test
    void reportsAnUnsetEnvironmentVariableWithItsLine() {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> parse(
                MINIMAL.replace("database: target", "database: target\n  password: ${env:FERRY_TARGET_PASSWORD}"), Map.of()));

        assertThat(e.problems()).extracting(ConfigProblem::line, ConfigProblem::column, ConfigProblem::key, ConfigProblem::message)
                .containsExactly(tuple(11, 13, "target.password", "environment variable FERRY_TARGET_PASSWORD is not set"));
    }

    @Test
    void reportsMalformedReferences() {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> parse(MINIMAL.replace("user: ferry\n  database: shop",
                "user: ${vault:db}\n  password: \"${env:BAD-NAME}\"\n  database: ${env:DB")));

        assertThat(e.problems()).extracting(ConfigProblem::key, ConfigProblem::message).containsExactly(
                tuple("source.user", "unknown kind of reference; use ${env:NAME} or ${file:path}, or $${ for a literal ${"),
                tuple("source.password", "invalid environment variable name in ${env:...}; use letters, digits and '_'"),
                tuple("source.database", "'${' without a closing '}'; write $${ for a literal ${"));
    }

    @Test
    void keepsADoubledDollarBraceLiteralAndDoesNotResolveResolvedValuesAgain() {
        PipelineConfig config = parse(MINIMAL.replace("database: shop", "database: shop\n  password: pa$${x}${env:PW}"),
                Map.of("PW", "${env:OTHER}"));

        assertThat(config.source().password().reveal()).isEqualTo("pa${x}${env:OTHER}");
    }

    @Test
    void readsFileReferencesRelativeToTheBaseDirWithoutTheTrailingNewline() throws IOException {
        Files.createDirectories(tempDir.resolve("secrets"));
        Files.writeString(tempDir.resolve("secrets/source-password"), MARKER + "\n");
        Files.writeString(tempDir.resolve("target-password"), "t-pw\r\n");

        PipelineConfig config = ConfigLoader.parse(MINIMAL
                        .replace("database: shop", "database: shop\n  password: ${file:secrets/source-password}")
                        .replace("database: target", "database: target\n  password: ${file:" + tempDir.resolve("target-password") + "}"),
                "p.yaml", Map.<String, String>of()::get, tempDir);

        assertThat(config.source().password().reveal()).isEqualTo(MARKER);
        assertThat(config.target().password().reveal()).as("absolute paths stay absolute").isEqualTo("t-pw");
    }

    @Test
    void reportsAMissingReferencedFileWithItsLine() {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.parse(
                MINIMAL.replace("database: shop", "database: shop\n  password: ${file:nope.txt}"),
                "p.yaml", Map.<String, String>of()::get, tempDir));

        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(7);
            assertThat(p.key()).isEqualTo("source.password");
            assertThat(p.message()).isEqualTo("file " + tempDir.resolve("nope.txt") + " (from ${file:nope.txt}) does not exist");
        });
    }

    @Test
    void neverShowsASecretInMessagesOrToString() throws IOException {
        Files.writeString(tempDir.resolve("pw"), MARKER);
        Map<String, String> env = Map.of("NAME", MARKER, "PORT", MARKER, "PW", MARKER);
        String yaml = """
                name: ${env:NAME}
                source:
                  kind: mariadb
                  host: 127.0.0.1
                  port: ${env:PORT}
                  user: ferry
                  password: ${env:PW}
                  database: shop
                target:
                  kind: postgresql
                  host: 127.0.0.1
                  database: target
                  user: s3cr3t-MARKER
                  password: ${file:pw}
                  schema: [s3cr3t-MARKER]
                kafka:
                  bootstrapServers: s3cr3t-MARKER
                """;

        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> ConfigLoader.parse(yaml, "p.yaml", env::get, tempDir));

        assertThat(e.problems()).extracting(ConfigProblem::key).containsExactly(
                "name", "source.port", "target.schema", "kafka.bootstrapServers");
        assertThat(e.problems().get(1).message()).isEqualTo("expected an integer, got what ${env:PORT} holds");
        assertThat(e.getMessage()).doesNotContain(MARKER).contains("****");
        assertThat(e.problems()).allSatisfy(p -> assertThat(p.format()).doesNotContain(MARKER));

        PipelineConfig valid = ConfigLoader.parse(MINIMAL.replace("database: shop", "database: shop\n  password: ${env:PW}")
                .replace("database: target", "database: target\n  password: " + MARKER), "p.yaml", env::get, tempDir);
        assertThat(valid.toString()).doesNotContain(MARKER);
    }

    @Test
    void hidesAReferencedValueWhereARuleWouldQuoteItButKeepsOtherWordingIntact() {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> parse(MINIMAL.replace(
                "  bootstrapServers: 127.0.0.1:9092\n", "  bootstrapServers: 127.0.0.1:9092\n  partitions: ${env:P}\n") + """
                apply:
                  threads: ${env:T}
                """, Map.of("P", "-5", "T", "0")));

        assertThat(e.problems()).extracting(ConfigProblem::key, ConfigProblem::message).containsExactly(
                tuple("kafka.partitions", "must be at least 1, got ****"),
                tuple("apply.threads", "must not be 0; leave the key out to get the default (1)"));
    }

    @Test
    void locatesAYamlSyntaxErrorWithoutQuotingTheLine() {
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> parse(resource("syntax-error.yaml"), "syntax-error.yaml"));

        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(4);
            assertThat(p.column()).isEqualTo(26);
            assertThat(p.message()).isEqualTo("invalid YAML: mapping values are not allowed here");
        });
        assertThat(e.getMessage()).isEqualTo("syntax-error.yaml:4:26: invalid YAML: mapping values are not allowed here")
                .doesNotContain(MARKER);
    }

    @Test
    void saysToQuoteAReferenceInsideBracesWithoutQuotingTheLine() {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> parse(MINIMAL + "cutover:\n  api: {port: 8470, token: ${env:T}}\n",
                Map.of("T", "s3cret")));

        assertThat(e.problems()).singleElement().satisfies(p -> assertThat(p.message()).startsWith("invalid YAML: expected ',' or '}'")
                .endsWith("a ${env:...} or ${file:...} reference inside { } or [ ] must be quoted, as in key: \"${env:NAME}\""));
        assertThat(e.getMessage()).doesNotContain("token").doesNotContain("s3cret");

        // Quoted, it reads; and a flow mapping's other syntax errors get no such hint.
        assertThat(parse(MINIMAL + "cutover:\n  api: {port: 8470, token: \"${env:T}\"}\n", Map.of("T", "s3cret")).cutover().api().port())
                .isEqualTo(8470);
        ConfigException other = catchThrowableOfType(ConfigException.class, () -> parse(MINIMAL + "cutover:\n  api: {port: 8470 token: x}\n"));
        assertThat(other.getMessage()).doesNotContain("reference");
    }

    @Test
    void reportsAnUnclosedFlowListWhereItWasOpened() {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> parse("tables:\n  include: [a, b\nname: x\n"));

        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(3);
            assertThat(p.message()).contains("while parsing a flow sequence started on line 2, column 12");
        });
    }

    @Test
    void reportsAnEmptyFileClearly() {
        for (String empty : List.of("", "# only a comment\n", "---\n")) {
            ConfigException e = catchThrowableOfType(ConfigException.class, () -> parse(empty, "empty.yaml"));

            assertThat(e.getMessage()).isEqualTo("empty.yaml:1:1: the file is empty; expected a mapping of keys to values");
        }
    }

    @Test
    void refusesATopLevelListAndASecondDocument() {
        assertThatThrownBy(() -> parse("- a\n- b\n", "p.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("p.yaml:1:1: expected a mapping of keys to values at the top level, got a list");
        assertThatThrownBy(() -> parse(MINIMAL + "---\nname: other\n", "p.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("p.yaml:15:1: a second YAML document starts here; a config file holds exactly one");
    }

    @Test
    void loadsAFileFromDiskResolvingFileReferencesNextToIt() throws IOException {
        Path dir = Files.createDirectories(tempDir.resolve("config"));
        Files.writeString(dir.resolve("source-password"), MARKER + "\n");
        Path file = Files.writeString(dir.resolve("pipeline.yaml"),
                MINIMAL.replace("database: shop", "database: shop\n  password: ${file:source-password}"));

        PipelineConfig config = ConfigLoader.load(file);

        assertThat(config.source().password().reveal()).isEqualTo(MARKER);
    }

    @Test
    void namesAFileThatCannotBeRead() {
        Path missing = tempDir.resolve("missing.yaml");

        assertThatThrownBy(() -> ConfigLoader.load(missing))
                .isInstanceOf(ConfigException.class)
                .hasMessage(missing + ": the file does not exist");
    }

    /** A later connector file: lists of records, maps and booleans go through the same checks. */
    record ConnectorsFile(@com.fasterxml.jackson.annotation.JsonProperty(required = true) List<Connector> connectors,
                          Map<String, String> labels) {
    }

    record Connector(@com.fasterxml.jackson.annotation.JsonProperty(required = true) String name,
                     @com.fasterxml.jackson.annotation.JsonProperty(required = true) SourceKind kind,
                     Secret password,
                     boolean enabled) {
        Connector {
            Checks.on(Connector.class).matches("name", name, PipelineConfig.NAME_PATTERN, "a simple name").validate();
        }
    }

    @Test
    void checksOtherRecordTypesIncludingListsOfRecords() {
        String yaml = """
                connectors:
                  - name: shop
                    kind: mariadb
                    password: ${env:PW}
                    enabled: true
                  - name: Billing
                    kind: db2
                    enabled: yes
                labels:
                  team: data
                  cost: [1]
                """;

        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> ConfigLoader.parse(yaml, "connectors.yaml", Map.of("PW", MARKER)::get, null, ConnectorsFile.class));

        assertThat(e.problems()).extracting(ConfigProblem::line, ConfigProblem::key, ConfigProblem::message).containsExactly(
                tuple(6, "connectors[1].name", "must be a simple name ([a-z0-9][a-z0-9_-]*), got 'Billing'"),
                tuple(7, "connectors[1].kind", "expected one of mariadb, mysql, postgresql, got 'db2'"),
                tuple(8, "connectors[1].enabled", "expected true or false, got 'yes'"),
                tuple(11, "labels.cost", "expected a string, got a list"));

        ConnectorsFile file = ConfigLoader.parse(yaml.replace("Billing", "billing").replace("db2", "mysql")
                        .replace("yes", "false").replace("[1]", "high"),
                "connectors.yaml", Map.of("PW", MARKER)::get, null, ConnectorsFile.class);
        assertThat(file.connectors()).containsExactly(
                new Connector("shop", SourceKind.MARIADB, Secret.of(MARKER), true),
                new Connector("billing", SourceKind.MYSQL, null, false));
        assertThat(file.labels()).containsExactly(Map.entry("team", "data"), Map.entry("cost", "high"));
    }

    @Test
    void parsesTheExampleInTheDocumentation() throws IOException {
        String doc = Files.readString(Path.of("..", "docs", "configuration.md"));
        int start = doc.indexOf("```yaml\n") + "```yaml\n".length();
        String example = doc.substring(start, doc.indexOf("```", start));

        PipelineConfig config = parse(example, Map.of("FERRY_SOURCE_PASSWORD", MARKER, "FERRY_TARGET_PASSWORD", "t"));

        assertThat(config.source().kind()).isEqualTo(SourceKind.MARIADB);
        assertThat(config.source().host()).isEqualTo("127.0.0.1");
        assertThat(config.source().port()).isEqualTo(3306);
        assertThat(config.source().database()).isEqualTo("shop");
        assertThat(config.source().password().reveal()).isEqualTo(MARKER);
        assertThat(config.kafka().bootstrapServers()).isEqualTo("127.0.0.1:9092");
    }

    @Test
    void parsesTheExamplePipelineFileShippedInConfig() throws IOException {
        String example = Files.readString(Path.of("..", "config", "pipeline.example.yaml"));

        PipelineConfig config = parse(example, Map.of("FERRY_SOURCE_PASSWORD", MARKER, "FERRY_TARGET_PASSWORD", "t"));

        assertThat(config.name()).isEqualTo("shop-to-pg");
        assertThat(config.tables().includes("orders")).isTrue();
        assertThat(config.tables().includes("audit_log")).isFalse();
        assertThat(config.toString()).doesNotContain(MARKER);
    }

    private static PipelineConfig parse(String yaml) {
        return parse(yaml, Map.of());
    }

    private static PipelineConfig parse(String yaml, String fileName) {
        return ConfigLoader.parse(yaml, fileName, Map.<String, String>of()::get, null);
    }

    private static PipelineConfig parse(String yaml, Map<String, String> env) {
        return ConfigLoader.parse(yaml, "pipeline.yaml", env::get, null);
    }

    private static String resource(String name) {
        try (InputStream in = ConfigLoaderTest.class.getResourceAsStream("/config/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
