package io.ferry.orchestrator.schema;

import io.ferry.core.schema.jdbc.PostgresCatalog;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Runs sections of a {@link SchemaPlan} on the target, each in one transaction. Re-running is
 * harmless (every statement is idempotent), but a table that exists with other columns or types is
 * never touched: the run stops, naming every difference.
 */
public final class SchemaApplier {

    private SchemaApplier() {
    }

    public static void applyBeforeCopy(Connection pg, SchemaPlan plan) throws SQLException {
        List<String> conflicts = new ArrayList<>();
        for (var e : plan.tables().entrySet()) {
            Map<String, String> existing = PostgresCatalog.columns(pg, e.getKey());
            if (!existing.isEmpty() && !existing.equals(e.getValue())) {
                conflicts.add("target table " + e.getKey() + " exists and differs: has " + existing + ", plan wants " + e.getValue());
            }
        }
        if (!conflicts.isEmpty()) {
            throw new SchemaConflictException(String.join("\n", conflicts));
        }
        run(pg, plan.beforeCopy());
    }

    /**
     * Everything after the final drain, each part in its own transaction, in this order: sequences and identities,
     * unique indexes (each in its own transaction), foreign keys NOT VALID, their validation. What
     * {@code ferry schema --apply-after-drain} runs.
     */
    public static void applyAfterDrain(Connection pg, SchemaPlan plan) throws SQLException {
        applyAfterDrain(pg, plan, line -> { });
    }

    /** As {@link #applyAfterDrain(Connection, SchemaPlan)}, telling {@code progress} what each unique index took. */
    public static void applyAfterDrain(Connection pg, SchemaPlan plan, Consumer<String> progress) throws SQLException {
        applySequences(pg, plan);
        makeIndexesUnique(pg, plan, progress);
        addForeignKeysNotValid(pg, plan);
        validateForeignKeys(pg, plan);
    }

    /** Sequences and identities, each continuing after the highest value copied. */
    public static void applySequences(Connection pg, SchemaPlan plan) throws SQLException {
        run(pg, plan.sequences());
    }

    /**
     * The secondary unique indexes, plain while changes streamed, made unique; one transaction each, so a table whose
     * rows break its key stops the run with the table, index and value named, and what was built before stays.
     */
    public static void makeIndexesUnique(Connection pg, SchemaPlan plan, Consumer<String> progress) throws SQLException {
        for (UniqueIndex u : plan.uniqueIndexes()) {
            if (UniqueIndexBuilder.isUnique(pg, u)) {
                progress.accept("unique already: " + u.describe());
                continue;
            }
            long rows = UniqueIndexBuilder.estimatedRows(pg, u);
            Duration took = UniqueIndexBuilder.build(pg, u, null);
            progress.accept("made unique: " + u.describe() + " (~" + rows + " rows) in " + took.toMillis() + " ms");
        }
    }

    /** Foreign keys as NOT VALID: brief locks, no scan of the rows, enforced for new writes from then on. */
    public static void addForeignKeysNotValid(Connection pg, SchemaPlan plan) throws SQLException {
        run(pg, plan.foreignKeysNotValid());
    }

    /** VALIDATE CONSTRAINT for each foreign key: scans the rows while writes go on; a no-op for a valid one. */
    public static void validateForeignKeys(Connection pg, SchemaPlan plan) throws SQLException {
        run(pg, plan.validations());
    }

    private static void run(Connection pg, List<String> statements) throws SQLException {
        boolean auto = pg.getAutoCommit();
        pg.setAutoCommit(false);
        try (Statement s = pg.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
            pg.commit();
        } catch (SQLException e) {
            pg.rollback();
            throw e;
        } finally {
            pg.setAutoCommit(auto);
        }
    }
}
