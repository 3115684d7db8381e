package io.ferry.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.capture.PostgresSlot;
import io.ferry.core.config.ConfigLoader;
import io.ferry.core.config.PipelineConfig;
import io.ferry.core.config.TablesConfig.KeylessTables;
import io.ferry.core.schema.TableId;
import io.ferry.core.value.jdbc.Engine;
import io.ferry.orchestrator.pipeline.LocalPipeline;
import io.ferry.orchestrator.schema.PostgresCatalogReader;
import io.ferry.orchestrator.schema.PostgresSchemaPlanner;
import io.ferry.orchestrator.schema.SchemaApplier;
import io.ferry.sandbox.Sandbox;
import io.ferry.validator.Side;
import io.ferry.validator.ValidatedTable;
import io.ferry.validator.ValidatedTables;
import io.ferry.validator.ValidationOptions;
import io.ferry.validator.ValidationReport;
import io.ferry.validator.Validator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL to PostgreSQL through capture (Debezium, pgoutput), Kafka and the applier: a snapshot of rows of every
 * kept type, then concurrent inserts, updates and deletes, among them UPDATEs that leave a large TOASTed value
 * unchanged (PostgreSQL does not send it); the target is validated equal and the TOASTed values are whole.
 */
class PostgresToPostgresIT {

    static final String[] SOURCE_DDL = {
        "CREATE SCHEMA src",
        "CREATE TYPE src.mood AS ENUM ('sad', 'it''s ok', 'happy')",
        "CREATE DOMAIN src.positive AS integer CHECK (VALUE > 0)",
        "CREATE TABLE src.kinds (id int PRIMARY KEY, mood src.mood, qty src.positive, amount numeric(20,6), free numeric,"
                + " at timestamptz, local timestamp(6), day date, clock time(6), doc jsonb, raw bytea, ident uuid, addr inet,"
                + " span interval, tags text[], nums int[], flag boolean, ratio double precision, note text, big text)",
    };

    /** A value of about 96 kB that compresses poorly, so PostgreSQL keeps it out of line (TOASTed). */
    static final String BIG = "(SELECT string_agg(md5(g::text || '%d'), '') FROM generate_series(1, 3000) g)";

    static String row(int id) {
        return "INSERT INTO src.kinds VALUES (" + id + ", '" + (id % 3 == 0 ? "it''s ok" : id % 3 == 1 ? "happy" : "sad") + "', " + (id + 1)
                + ", " + id + "123456789.123456, " + id + ".50, '2024-03-31 01:30:00.123456+02', '2024-02-29 23:59:59.999999', '1999-12-31',"
                + " '23:59:59.000001', '{\"a\": [1, 2.50, null], \"b\": {\"c\": \"x\"}}', '\\x00ff10', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a1" + (id % 10)
                + "', '192.168.0." + (id % 250) + "/24', '1 year 2 mons 3 days 04:05:06.5', '{alpha,\"with space\",qu''ote}', '{1,-2,3}', "
                + (id % 2 == 0) + ", " + id + ".25e-3, 'row " + id + "', " + BIG.formatted(id) + ")";
    }

    @Test
    void snapshotAndConcurrentChangesOfEveryKeptTypeArriveExactlyAndUnchangedToastedValuesStayWhole() throws Exception {
        Sandbox sandbox = Sandbox.shared();
        String name = "pg2pg";
        sandbox.postgres().createDatabase(name + "_src");
        sandbox.postgres().createDatabase(name);
        try (Connection src = sandbox.postgres().connect(name + "_src"); Statement s = src.createStatement()) {
            for (String ddl : SOURCE_DDL) {
                s.execute(ddl);
            }
            for (int id = 1; id <= 20; id++) {
                s.execute(row(id));
            }
            s.execute("INSERT INTO src.kinds (id) VALUES (1000)"); // every column but the key NULL
            // numeric's NaN and infinities, which no BigDecimal holds.
            s.execute("INSERT INTO src.kinds (id, free, amount) VALUES (1001, 'NaN', 'NaN'), (1002, 'Infinity', 1.5), (1003, '-Infinity', -2)");
            // A partitioned table: one table to Ferry, its partitions' changes published as its own.
            s.execute("CREATE TABLE src.events (tenant text NOT NULL, seq int NOT NULL, payload jsonb, PRIMARY KEY (tenant, seq)) PARTITION BY LIST (tenant)");
            s.execute("CREATE TABLE src.events_a PARTITION OF src.events FOR VALUES IN ('a')");
            s.execute("CREATE TABLE src.events_b PARTITION OF src.events FOR VALUES IN ('b')");
            s.execute("INSERT INTO src.events SELECT CASE WHEN g % 2 = 0 THEN 'a' ELSE 'b' END, g, jsonb_build_object('g', g) FROM generate_series(1, 40) g");
        }
        try (Connection src = sandbox.postgres().connect(name + "_src"); Connection pg = sandbox.postgres().connect(name)) {
            SchemaApplier.applyBeforeCopy(pg, new PostgresSchemaPlanner(KeylessTables.UNIQUE_INDEX).plan(PostgresCatalogReader.read(src, "src"), "app"));
        }
        PipelineConfig config = config(sandbox, name);

        try (LocalPipeline pipeline = new LocalPipeline(config).start()) {
            AtomicReference<Throwable> writerFailure = new AtomicReference<>();
            Thread writer = new Thread(() -> {
                try (Connection c = sandbox.postgres().connect(name + "_src"); Statement s = c.createStatement()) {
                    for (int id = 21; id <= 120; id++) {
                        s.execute(row(id));
                        // Only small columns change: the TOASTed 'big' of the row is not sent with the UPDATE.
                        s.execute("UPDATE src.kinds SET note = 'changed " + id + "', amount = amount + 1 WHERE id = " + (id - 20));
                        s.execute("UPDATE src.kinds SET tags = '{}', nums = NULL, span = '-3 days 00:00:01' WHERE id = " + (id - 10));
                        if (id % 7 == 0) {
                            s.execute("DELETE FROM src.kinds WHERE id = " + (id - 5));
                        }
                        s.execute("INSERT INTO src.events VALUES ('" + (id % 2 == 0 ? "a" : "b") + "', " + (100 + id) + ", '{\"new\": " + id + "}')");
                        s.execute("UPDATE src.events SET payload = '{\"u\": " + id + "}' WHERE seq = " + (id - 20));
                        if (id % 5 == 0) {
                            s.execute("DELETE FROM src.events WHERE seq = " + (id - 19));
                        }
                    }
                } catch (Throwable e) {
                    writerFailure.set(e);
                }
            }, "pg-writer");
            writer.start();
            writer.join(120_000);
            assertThat(writerFailure.get()).isNull();
            try (Connection src = sandbox.postgres().connect(name + "_src"); Statement s = src.createStatement()) {
                // The TOASTed value of a row changes too, and a row gets one again after another update left it alone.
                s.execute("UPDATE src.kinds SET big = 'small now' WHERE id = 2");
                s.execute("UPDATE src.kinds SET big = " + BIG.formatted(999) + " WHERE id = 3");
                s.execute("UPDATE src.kinds SET note = 'after' WHERE id = 3");
                s.execute("UPDATE src.kinds SET free = 'NaN', amount = 'NaN' WHERE id = 4");
                s.execute("UPDATE src.kinds SET free = '-Infinity' WHERE id = 1002");
            }

            pipeline.awaitCaughtUp(Duration.ofMinutes(2));
            assertThat(pipeline.applier().stats().deadLetters()).isZero();
            assertThat(pipeline.capture().stats().streamedEvents()).as("changes streamed through the slot").isGreaterThan(100);

            // The same rows, every column as text (the validator hashes; this names a difference if there is one).
            assertThat(rows(sandbox, name, "app")).isEqualTo(rows(sandbox, name + "_src", "src"));
            ValidatedTable kinds;
            try (Connection src = sandbox.postgres().connect(name + "_src"); Connection pg = sandbox.postgres().connect(name)) {
                kinds = ValidatedTables.postgresToPostgres(src, TableId.of("src", "kinds"), pg, TableId.of("app", "kinds"));
            }
            Side source = Side.source(Engine.POSTGRESQL, () -> sandbox.postgres().connect(name + "_src"));
            Side target = Side.target(() -> sandbox.postgres().connect(name));
            ValidatedTable events;
            try (Connection src = sandbox.postgres().connect(name + "_src"); Connection pg = sandbox.postgres().connect(name)) {
                events = ValidatedTables.postgresToPostgres(src, TableId.of("src", "events"), pg, TableId.of("app", "events"));
            }
            assertThat(eventRows(sandbox, name, "app")).as("every partition's changes reached the one target table")
                    .isEqualTo(eventRows(sandbox, name + "_src", "src")).contains("a|220|{\"new\": 120}", "b|1|{\"u\": 21}")
                    .noneMatch(r -> r.startsWith("a|6|"));
            try (Validator v = new Validator(source, target, ValidationOptions.DEFAULTS, null)) {
                ValidationReport report = v.run(List.of(kinds, events));
                assertThat(report.hasDifferences()).as("validation: %s", report.text()).isFalse();
            }
            assertThat(rows(sandbox, name, "app")).anySatisfy(r -> assertThat(r).startsWith("1|").contains("changed 21"))
                    .anySatisfy(r -> assertThat(r).startsWith("4|").contains("|NaN|NaN|"))
                    .anySatisfy(r -> assertThat(r).startsWith("1002|").contains("|1.500000|-Infinity|"));
            assertThat(PostgresSlot.slotExists(config.source(), name)).isTrue();

            // Idle captured tables, busy elsewhere: the heartbeats move the slot on, so it does not hold that WAL.
            String after;
            try (Connection src = sandbox.postgres().connect(name + "_src"); Statement s = src.createStatement()) {
                s.execute("CREATE TABLE public.elsewhere AS SELECT g AS id, md5(g::text) AS v FROM generate_series(1, 200000) g");
                try (ResultSet rs = s.executeQuery("SELECT pg_current_wal_lsn()::text")) {
                    rs.next();
                    after = rs.getString(1);
                }
            }
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() -> {
                try (Connection src = sandbox.postgres().connect(name + "_src"); Statement s = src.createStatement();
                     ResultSet rs = s.executeQuery("SELECT confirmed_flush_lsn >= '" + after + "'::pg_lsn FROM pg_replication_slots"
                             + " WHERE slot_name = '" + PostgresSlot.slotName(name) + "'")) {
                    return rs.next() && rs.getBoolean(1);
                }
            });
            assertThat(PostgresSlot.publicationExists(config.source(), name)).isTrue();
        }
    }

    @Test
    void theValidatorComparesRowsHoldingNumericNanAndInfinitiesAndListsOnlyTheOneThatDiffers() throws Exception {
        Sandbox sandbox = Sandbox.shared();
        String name = "pg2pg_nan";
        sandbox.postgres().createDatabase(name + "_src");
        sandbox.postgres().createDatabase(name);
        for (String db : List.of(name + "_src", name)) {
            try (Connection c = sandbox.postgres().connect(db); Statement s = c.createStatement()) {
                s.execute("CREATE SCHEMA IF NOT EXISTS " + (db.equals(name) ? "app" : "src"));
                s.execute("CREATE TABLE " + (db.equals(name) ? "app" : "src") + ".stock (sku text PRIMARY KEY, qty numeric, price numeric(10,2))");
                s.execute("INSERT INTO " + (db.equals(name) ? "app" : "src") + ".stock SELECT 'SKU' || g, CASE g % 3 WHEN 0 THEN 'NaN'::numeric "
                        + "WHEN 1 THEN 'Infinity'::numeric ELSE g END, CASE WHEN g % 5 = 0 THEN 'NaN'::numeric ELSE g * 0.5 END FROM generate_series(1, 2000) g");
            }
        }
        try (Connection c = sandbox.postgres().connect(name); Statement s = c.createStatement()) {
            s.execute("UPDATE app.stock SET qty = '-Infinity' WHERE sku = 'SKU301'"); // was NaN
        }
        ValidatedTable stock;
        try (Connection src = sandbox.postgres().connect(name + "_src"); Connection pg = sandbox.postgres().connect(name)) {
            stock = ValidatedTables.postgresToPostgres(src, TableId.of("src", "stock"), pg, TableId.of("app", "stock"));
        }
        try (Validator v = new Validator(Side.source(Engine.POSTGRESQL, () -> sandbox.postgres().connect(name + "_src")),
                Side.target(() -> sandbox.postgres().connect(name)), ValidationOptions.DEFAULTS, null)) {
            ValidationReport report = v.run(List.of(stock));
            assertThat(report.differenceCount()).as(report.text()).isEqualTo(1);
            assertThat(report.text()).contains("SKU301");
        }
    }

    static PipelineConfig config(Sandbox sandbox, String name) throws Exception {
        return config(sandbox, name, "");
    }

    /** @param extraYaml more top-level sections of the pipeline file ({@code cutover: ...}) */
    static PipelineConfig config(Sandbox sandbox, String name, String extraYaml) throws Exception {
        Path yaml = sandbox.directory().resolve(name + ".yaml");
        Files.writeString(yaml, """
                name: %1$s
                source: {kind: postgresql, host: 127.0.0.1, port: %2$d, user: postgres, database: %1$s_src, schema: src}
                target: {kind: postgresql, host: 127.0.0.1, port: %2$d, database: %1$s, user: postgres, schema: app}
                kafka: {bootstrapServers: "%3$s", topicPrefix: %1$s, partitions: 3}
                apply: {batchSize: 200, flushIntervalMs: 100}
                capture: {heartbeatIntervalMs: 500}
                """.formatted(name, sandbox.postgres().port(), sandbox.kafka().bootstrapServers()) + extraYaml);
        return ConfigLoader.parse(Files.readString(yaml), yaml.toString(), System::getenv, yaml.getParent());
    }

    /** Every row of the kinds table as its columns' text joined by |, in key order. */
    private static List<String> eventRows(Sandbox sandbox, String database, String schema) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection c = sandbox.postgres().connect(database); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT tenant, seq, payload::text FROM " + schema + ".events ORDER BY tenant, seq")) {
            while (rs.next()) {
                rows.add(rs.getString(1) + "|" + rs.getInt(2) + "|" + rs.getString(3));
            }
        }
        return rows;
    }

    static List<String> rows(Sandbox sandbox, String database, String schema) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection c = sandbox.postgres().connect(database); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT id, mood::text, qty, amount, trim_scale(free), at, local, day, clock, doc, raw, ident, addr, span,"
                     + " tags, nums, flag, ratio, note, md5(big) FROM " + schema + ".kinds ORDER BY id")) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder sb = new StringBuilder();
                for (int i = 1; i <= n; i++) {
                    sb.append(i == 1 ? "" : "|").append(rs.getString(i));
                }
                rows.add(sb.toString());
            }
        }
        return rows;
    }
}
