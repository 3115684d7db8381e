package io.ferry.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.core.schema.mapping.TypeMapper;
import io.ferry.orchestrator.reverse.ReverseReplication;
import io.ferry.orchestrator.schema.MySqlCatalogReader;
import io.ferry.orchestrator.schema.SchemaApplier;
import io.ferry.orchestrator.schema.SchemaPlanner;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A secondary unique index on a table that reverse replication would write to is reported before any cutover: by
 * {@code ferry check} ({@code reverse.unique-index}, exit 1) and by the check the cutover's {@code reverse-replication}
 * step runs, which then aborts the cutover; without the index both pass. That check (which the dry run runs too) writes
 * nothing on the source; the step's bookkeeping database is created by {@code ensureBookkeeping} alone.
 */
class ReverseCheckIT {

    @Test
    void aSecondaryUniqueIndexIsReportedBeforeTheCutover() throws Exception {
        PipelineFixture f = new PipelineFixture("reverse_check", "dlq", 100, 100, "cutover: {reverse: {enabled: true}}\n");
        f.sourceSql("CREATE TABLE customers (id INT PRIMARY KEY, email VARCHAR(100) NOT NULL, UNIQUE KEY uq_email (email))",
                "CREATE TABLE orders (id INT PRIMARY KEY, customer_id INT NOT NULL, KEY ix_customer (customer_id))");
        try (Connection root = f.sandbox.mariadb().connect(""); Statement s = root.createStatement()) {
            s.execute("GRANT SELECT, INSERT, UPDATE, DELETE ON " + f.name + ".* TO 'ferry'@'%'");
            s.execute("GRANT ALL ON ferry.* TO 'ferry'@'%'");
        }
        try (Connection c = f.source(); Connection pg = f.target()) {
            SchemaApplier.applyBeforeCopy(pg, new SchemaPlanner(new TypeMapper(f.config.types())).plan(MySqlCatalogReader.read(c, f.name), "app"));
        }
        String yaml = f.yamlWithPasswordFile().toString();

        FerryCli.Result check = FerryCli.run("check", "-c", yaml);
        assertThat(check.exit()).as(check.out()).isEqualTo(1);
        assertThat(check.out()).contains("reverse.unique-index").contains("reverse_check.customers").contains("uq_email (email)");
        assertThat(check.out().lines().filter(l -> l.contains(" reverse."))).singleElement().asString().contains("reverse_check.customers");
        String before = binlogPosition(f);
        try (ReverseReplication reverse = new ReverseReplication(f.config)) {
            assertThat(reverse.problems()).singleElement().satisfies(p -> assertThat(p).contains("reverse_check.customers").contains("uq_email"));
        }
        // The check only reads (a dry run runs it): a DDL statement there would hold up the next cutover's drain.
        assertThat(binlogPosition(f)).as("the source's binlog after the check").isEqualTo(before);

        f.sourceSql("ALTER TABLE customers DROP INDEX uq_email, ADD KEY ix_email (email)");
        FerryCli.Result clean = FerryCli.run("check", "-c", yaml);
        assertThat(clean.out()).doesNotContain("reverse.");
        try (ReverseReplication reverse = new ReverseReplication(f.config)) {
            assertThat(reverse.problems()).isEmpty();
            reverse.ensureBookkeeping();
        }
        try (Connection root = f.sandbox.mariadb().connect(""); Statement s = root.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'ferry' AND table_name = 'applied_offsets'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).as("ferry.applied_offsets on the source after ensureBookkeeping").isEqualTo(1);
        }
    }

    private static String binlogPosition(PipelineFixture f) throws Exception {
        try (Connection root = f.sandbox.mariadb().connect(""); Statement s = root.createStatement();
                ResultSet rs = s.executeQuery("SHOW MASTER STATUS")) {
            assertThat(rs.next()).isTrue();
            return rs.getString(1) + ":" + rs.getLong(2);
        }
    }
}
