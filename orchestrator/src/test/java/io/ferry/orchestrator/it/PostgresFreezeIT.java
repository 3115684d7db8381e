package io.ferry.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.capture.PostgresSlot;
import io.ferry.core.config.SourceConfig;
import io.ferry.core.config.SourceKind;
import io.ferry.capture.engine.SourceEngines;
import io.ferry.core.config.SourceKind;
import io.ferry.orchestrator.cutover.ReadOnlyFreeze;
import io.ferry.orchestrator.cutover.ReleaseSlotStep;
import io.ferry.sandbox.Sandbox;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The PostgreSQL source's freeze (read-only role, its sessions ended) and the release of its slot after the flip. */
class PostgresFreezeIT {

    private static final Sandbox SANDBOX = Sandbox.shared();
    private static final String DB = "pg_freeze";

    private static Connection app() throws SQLException {
        return as(DB, "freeze_app");
    }

    /** A connection to {@code db} as {@code user}, whose password these tests set to x. */
    private static Connection as(String db, String user) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", user);
        p.setProperty("password", "x");
        return DriverManager.getConnection(SANDBOX.postgres().jdbcUrl(db), p);
    }

    private static void write(Connection c, int id) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("INSERT INTO public.t VALUES (" + id + ")");
        }
    }

    @Test
    void theApplicationRoleIsReadOnlyWithItsSessionsEndedAndUnfreezeRestoresIt() throws Exception {
        SANDBOX.postgres().createDatabase(DB);
        try (Connection su = SANDBOX.postgres().connect(DB); Statement s = su.createStatement()) {
            s.execute("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'freeze_app') THEN"
                    + " CREATE ROLE freeze_app LOGIN PASSWORD 'x'; END IF; END $$");
            s.execute("CREATE TABLE IF NOT EXISTS public.t (id int PRIMARY KEY)");
            s.execute("GRANT ALL ON public.t TO freeze_app");
        }
        ReadOnlyFreeze freeze = new ReadOnlyFreeze(() -> SANDBOX.postgres().connect(DB),
                SourceEngines.of(SourceKind.POSTGRESQL).readOnlyFreeze(DB, "freeze_app"));
        try (Connection open = app()) {
            write(open, 1);
            freeze.freeze(null);
            freeze.freeze(null); // idempotent
            assertThatThrownBy(() -> write(open, 2)).as("the open session was ended").isInstanceOf(SQLException.class);
        }
        try (Connection fresh = app()) {
            assertThatThrownBy(() -> write(fresh, 3)).isInstanceOf(SQLException.class).hasMessageContaining("read-only");
        }
        try (Connection su = SANDBOX.postgres().connect(DB)) {
            write(su, 4); // other accounts (capture's) are not frozen
        }
        freeze.unfreeze(null);
        freeze.unfreeze(null); // idempotent
        try (Connection fresh = app()) {
            write(fresh, 5);
        }
        assertThat(freeze.describeFreeze().get(0)).contains("ALTER ROLE \"freeze_app\" IN DATABASE \"pg_freeze\" SET default_transaction_read_only = on");
    }

    @Test
    void theWholeDatabaseIsFrozenAndUnfrozenByItsOwnerWhoseOwnNewSessionsAreReadOnlyTooMeanwhile() throws Exception {
        String db = "pg_freeze_whole";
        SANDBOX.postgres().createDatabase(db);
        try (Connection su = SANDBOX.postgres().connect(db); Statement s = su.createStatement()) {
            s.execute("DO $$ BEGIN CREATE ROLE whole_owner LOGIN PASSWORD 'x'; EXCEPTION WHEN duplicate_object THEN NULL; END $$");
            s.execute("GRANT pg_signal_backend TO whole_owner");
            s.execute("ALTER DATABASE pg_freeze_whole OWNER TO whole_owner");
            s.execute("CREATE TABLE IF NOT EXISTS public.t (id int PRIMARY KEY)");
            s.execute("GRANT ALL ON public.t TO whole_owner");
        }
        ReadOnlyFreeze freeze = new ReadOnlyFreeze(() -> as(db, "whole_owner"), SourceEngines.of(SourceKind.POSTGRESQL).readOnlyFreeze(db, null));
        try (Connection c = as(db, "whole_owner")) {
            assertThat(ReadOnlyFreeze.cannotFreeze(c, SourceEngines.of(SourceKind.POSTGRESQL).readOnlyFreeze(db, null))).isEmpty();
        }
        freeze.freeze(null);
        try (Connection fresh = as(db, "whole_owner"); Statement s = fresh.createStatement()) {
            assertThatThrownBy(() -> s.execute("INSERT INTO public.t VALUES (1)")).as("the owner's own new session").hasMessageContaining("read-only");
        }
        freeze.freeze(null); // idempotent, from a read-only session
        freeze.unfreeze(null);
        freeze.unfreeze(null); // idempotent: nothing to undo
        try (Connection fresh = as(db, "whole_owner"); Statement s = fresh.createStatement()) {
            s.execute("INSERT INTO public.t VALUES (2)");
        }
    }

    @Test
    void releasingTheSlotLeavesAPublicationItsOwnerCreatedAndSaysSo() throws Exception {
        String db = "pg_release_owned";
        String pipeline = "owned_pub";
        SANDBOX.postgres().createDatabase(db);
        try (Connection su = SANDBOX.postgres().connect(db); Statement s = su.createStatement()) {
            s.execute("DO $$ BEGIN CREATE ROLE release_cap LOGIN REPLICATION PASSWORD 'x'; EXCEPTION WHEN duplicate_object THEN NULL; END $$");
            s.execute("CREATE TABLE IF NOT EXISTS public.t (id int PRIMARY KEY)");
            s.execute("CREATE PUBLICATION " + PostgresSlot.publicationName(pipeline) + " FOR TABLE public.t WITH (publish_via_partition_root = true)");
            s.execute("SELECT pg_create_logical_replication_slot('" + PostgresSlot.slotName(pipeline) + "', 'pgoutput')");
        }
        SourceConfig source = new SourceConfig(SourceKind.POSTGRESQL, "127.0.0.1", SANDBOX.postgres().port(), "release_cap",
                io.ferry.core.config.Secret.of("x"), db, 0);
        ReleaseSlotStep step = new ReleaseSlotStep(source, pipeline);
        assertThat(step.run(null).details()).anySatisfy(l -> assertThat(l).startsWith("dropped replication slot ferry_owned_pub")
                .contains("left publication ferry_owned_pub, which belongs to " + SANDBOX.postgres().superuser())
                .contains("DROP PUBLICATION \"ferry_owned_pub\""));
        assertThat(PostgresSlot.slotExists(source, pipeline)).isFalse();
        assertThat(PostgresSlot.publicationExists(source, pipeline)).isTrue();
    }

    @Test
    void releasingTheSlotDropsSlotAndPublicationAndIsIdempotent() throws Exception {
        String db = "pg_release";
        SANDBOX.postgres().createDatabase(db);
        String pipeline = "release-Me";
        try (Connection su = SANDBOX.postgres().connect(db); Statement s = su.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS public.t (id int PRIMARY KEY)");
            s.execute("CREATE PUBLICATION " + PostgresSlot.publicationName(pipeline) + " FOR TABLE public.t");
            s.execute("SELECT pg_create_logical_replication_slot('" + PostgresSlot.slotName(pipeline) + "', 'pgoutput')");
        }
        assertThat(PostgresSlot.slotName(pipeline)).isEqualTo("ferry_release_me");
        SourceConfig source = new SourceConfig(SourceKind.POSTGRESQL, "127.0.0.1", SANDBOX.postgres().port(), "postgres", null, db, 0);
        assertThat(PostgresSlot.slotExists(source, pipeline)).isTrue();
        ReleaseSlotStep step = new ReleaseSlotStep(source, pipeline);
        assertThat(step.run(null).details()).anySatisfy(l -> assertThat(l).startsWith("dropped replication slot ferry_release_me"));
        assertThat(PostgresSlot.slotExists(source, pipeline)).isFalse();
        assertThat(PostgresSlot.publicationExists(source, pipeline)).isFalse();
        assertThat(step.run(null).details()).anySatisfy(l -> assertThat(l).startsWith("found no replication slot"));
    }

    @Test
    void checkFindsTablesWhoseReplicaIdentityCannotCarryTheirUpdates() throws Exception {
        String db = "pg_identity";
        SANDBOX.postgres().createDatabase(db);
        try (Connection su = SANDBOX.postgres().connect(db); Statement s = su.createStatement()) {
            s.execute("CREATE SCHEMA IF NOT EXISTS ri");
            s.execute("CREATE TABLE IF NOT EXISTS ri.keyed (id int PRIMARY KEY)");
            s.execute("CREATE TABLE IF NOT EXISTS ri.nothing (id int PRIMARY KEY)");
            s.execute("ALTER TABLE ri.nothing REPLICA IDENTITY NOTHING");
            s.execute("CREATE TABLE IF NOT EXISTS ri.unique_only (code text NOT NULL, CONSTRAINT unique_only_code UNIQUE (code))");
            s.execute("CREATE TABLE IF NOT EXISTS ri.by_index (code text NOT NULL, CONSTRAINT by_index_code UNIQUE (code))");
            s.execute("ALTER TABLE ri.by_index REPLICA IDENTITY USING INDEX by_index_code");
        }
        try (Connection c = SANDBOX.postgres().connect(db)) {
            var findings = io.ferry.orchestrator.check.PostgresSourceChecks.run(c,
                    io.ferry.orchestrator.schema.PostgresCatalogReader.read(c, "ri"), io.ferry.core.config.TablesConfig.KeylessTables.UNIQUE_INDEX);
            assertThat(findings.stream().filter(f -> f.toString().contains("table.replica-identity")).map(Object::toString).toList())
                    .hasSize(2)
                    .anySatisfy(f -> assertThat(f).contains("ri.nothing").contains("NOTHING"))
                    .anySatisfy(f -> assertThat(f).contains("ri.unique_only").contains("USING INDEX"));
        }
    }

    @Test
    void checkFindsAPublicationCaptureCannotCreateAndOneThatPublishesPartitionsApart() throws Exception {
        String db = "pg_publication";
        SANDBOX.postgres().createDatabase(db);
        try (Connection su = SANDBOX.postgres().connect(db); Statement s = su.createStatement()) {
            s.execute("DROP PUBLICATION IF EXISTS ferry_pubcheck");
            s.execute("CREATE SCHEMA IF NOT EXISTS pp");
            s.execute("CREATE TABLE IF NOT EXISTS pp.plain (id int PRIMARY KEY)");
            s.execute("CREATE TABLE IF NOT EXISTS pp.ev (tenant text NOT NULL, seq int NOT NULL, PRIMARY KEY (tenant, seq)) PARTITION BY LIST (tenant)");
            s.execute("CREATE TABLE IF NOT EXISTS pp.ev_a PARTITION OF pp.ev FOR VALUES IN ('a')");
            s.execute("DO $$ BEGIN CREATE ROLE pub_cap LOGIN REPLICATION PASSWORD 'x'; EXCEPTION WHEN duplicate_object THEN NULL; END $$");
            s.execute("DO $$ BEGIN CREATE ROLE pub_owner; EXCEPTION WHEN duplicate_object THEN NULL; END $$");
            s.execute("ALTER TABLE pp.plain OWNER TO pub_owner");
            s.execute("ALTER TABLE pp.ev OWNER TO pub_owner");
            s.execute("GRANT USAGE ON SCHEMA pp TO pub_cap");
            s.execute("GRANT SELECT ON ALL TABLES IN SCHEMA pp TO pub_cap");
        }
        String owner = SANDBOX.postgres().superuser();
        try (Connection c = as(db, "pub_cap")) {
            var tables = io.ferry.orchestrator.schema.PostgresCatalogReader.read(c, "pp");
            assertThat(tables).extracting(t -> t.id().table()).as("a partition is not a table of its own").containsExactly("ev", "plain");

            // Capture would create the publication: it may not, owning no table and without CREATE on the database.
            var findings = io.ferry.orchestrator.check.PostgresSourceChecks.publication(c, tables, "pubcheck");
            assertThat(findings).singleElement().satisfies(f -> {
                assertThat(f.code()).isEqualTo("privilege.publication");
                assertThat(f.message()).contains("GRANT CREATE ON DATABASE \"pg_publication\" TO \"pub_cap\"")
                        .contains("GRANT \"pub_owner\" TO \"pub_cap\"")
                        .contains("CREATE PUBLICATION \"ferry_pubcheck\" FOR TABLE \"pp\".\"ev\", \"pp\".\"plain\" WITH (publish_via_partition_root = true)");
            });
            // A table a superuser owns: its role is not one to grant, the publication is created by its owner.
            try (Connection su = SANDBOX.postgres().connect(db); Statement s = su.createStatement()) {
                s.execute("ALTER TABLE pp.ev OWNER TO " + owner);
            }
            assertThat(io.ferry.orchestrator.check.PostgresSourceChecks.publication(c, tables, "pubcheck")).singleElement()
                    .satisfies(f -> assertThat(f.message()).contains("a superuser owns some of them").doesNotContain("GRANT \"" + owner));

            // Created beforehand by the owner but publishing the partitions under their own names: capture would miss them.
            try (Connection su = SANDBOX.postgres().connect(db); Statement s = su.createStatement()) {
                s.execute("CREATE PUBLICATION ferry_pubcheck FOR TABLE pp.ev, pp.plain");
            }
            assertThat(io.ferry.orchestrator.check.PostgresSourceChecks.publication(c, tables, "pubcheck")).singleElement()
                    .satisfies(f -> assertThat(f.toString()).contains("publication.partition-root").contains("pp.ev")
                            .contains("ALTER PUBLICATION \"ferry_pubcheck\" SET (publish_via_partition_root = true)"));
            try (Connection su = SANDBOX.postgres().connect(db); Statement s = su.createStatement()) {
                s.execute("ALTER PUBLICATION ferry_pubcheck SET (publish_via_partition_root = true)");
            }
            assertThat(io.ferry.orchestrator.check.PostgresSourceChecks.publication(c, tables, "pubcheck")).isEmpty();
        }
    }

    @Test
    void readOnlyTellsBeforeAnyCutoverWhenItsAccountMayNotFreezeAndChangesNothingToFindOut() throws Exception {
        String db = "pg_freeze_rights";
        SANDBOX.postgres().createDatabase(db);
        try (Connection su = SANDBOX.postgres().connect(db); Statement s = su.createStatement()) {
            s.execute("DO $$ BEGIN CREATE ROLE rights_cap LOGIN PASSWORD 'x'; EXCEPTION WHEN duplicate_object THEN NULL; END $$");
            s.execute("DO $$ BEGIN CREATE ROLE rights_app LOGIN PASSWORD 'x'; EXCEPTION WHEN duplicate_object THEN NULL; END $$");
            s.execute("ALTER ROLE rights_cap NOCREATEROLE");
            s.execute("REVOKE pg_signal_backend FROM rights_cap");
        }
        var engine = SourceEngines.of(SourceKind.POSTGRESQL);
        try (Connection c = as(db, "rights_cap")) {
            // The whole database: only its owner may.
            assertThat(ReadOnlyFreeze.cannotFreeze(c, engine.readOnlyFreeze(db, null)))
                    .anySatisfy(w -> assertThat(w).contains("ALTER DATABASE \"pg_freeze_rights\" SET default_transaction_read_only = on fails")
                            .contains("must be owner of database").contains("cutover.applicationUser").doesNotContain("password"))
                    .anySatisfy(w -> assertThat(w).contains("GRANT pg_signal_backend TO rights_cap"));
            // One role: CREATEROLE, then pg_signal_backend to end its sessions.
            assertThat(ReadOnlyFreeze.cannotFreeze(c, engine.readOnlyFreeze(db, "rights_app"))).hasSize(2)
                    .anySatisfy(w -> assertThat(w).contains("ALTER ROLE \"rights_app\" IN DATABASE \"pg_freeze_rights\"")
                            .contains("ALTER ROLE \"rights_cap\" CREATEROLE"));
            try (Connection su = SANDBOX.postgres().connect(db); Statement s = su.createStatement()) {
                s.execute("ALTER ROLE rights_cap CREATEROLE");
            }
            assertThat(ReadOnlyFreeze.cannotFreeze(c, engine.readOnlyFreeze(db, "rights_app"))).singleElement()
                    .satisfies(w -> assertThat(w).contains("GRANT pg_signal_backend TO rights_cap"));
            try (Connection su = SANDBOX.postgres().connect(db); Statement s = su.createStatement()) {
                s.execute("GRANT pg_signal_backend TO rights_cap");
            }
            assertThat(ReadOnlyFreeze.cannotFreeze(c, engine.readOnlyFreeze(db, "rights_app"))).isEmpty();
            assertThat(c.getAutoCommit()).as("the connection is left as it was").isTrue();
        }
        // Undoing a freeze is a privilege too, except where there is nothing to undo.
        ReadOnlyFreeze weak = new ReadOnlyFreeze(() -> as(db, "rights_cap"), engine.readOnlyFreeze(db, null));
        weak.unfreeze(null);
        try (Connection su = SANDBOX.postgres().connect(db); Statement s = su.createStatement()) {
            s.execute("ALTER DATABASE pg_freeze_rights SET default_transaction_read_only = on");
        }
        assertThatThrownBy(() -> weak.unfreeze(null)).hasMessageContaining("must be owner of database");
        new ReadOnlyFreeze(() -> SANDBOX.postgres().connect(db), engine.readOnlyFreeze(db, null)).unfreeze(null);
        // Finding out froze nothing: the tried statement was rolled back.
        try (Connection su = SANDBOX.postgres().connect(db); Statement s = su.createStatement();
             java.sql.ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_db_role_setting d JOIN pg_database b ON b.oid = d.setdatabase "
                     + "WHERE b.datname = 'pg_freeze_rights'")) {
            rs.next();
            assertThat(rs.getInt(1)).isZero();
        }
    }
}
