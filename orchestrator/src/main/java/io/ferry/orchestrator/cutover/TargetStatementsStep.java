package io.ferry.orchestrator.cutover;

import io.ferry.orchestrator.migration.Connections;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Runs statements on the target in one transaction: the fix-ups that fit in a freeze (sequences and identities
 * past the copied maximum, foreign keys added NOT VALID) before the flip, and the constraint validation after it.
 * A statement whose object already exists (it ran in an earlier, aborted cutover) counts as done, so the step is
 * idempotent.
 */
public final class TargetStatementsStep implements CutoverStep {

    /** duplicate_object, duplicate_table, duplicate_schema: created by an earlier run. */
    private static final Set<String> ALREADY_DONE = Set.of("42710", "42P07", "42P06");

    private final String name;
    private final Connections target;
    private final List<String> statements;

    public TargetStatementsStep(String name, Connections target, List<String> statements) {
        this.name = name;
        this.target = target;
        this.statements = List.copyOf(statements);
    }

    /** Before the flip: the SchemaPlan's after-drain statements (sequences, identities, foreign keys NOT VALID). */
    public static TargetStatementsStep fixUps(Connections target, List<String> statements) {
        return new TargetStatementsStep("fix-ups", target, statements);
    }

    /** After the flip: {@code ALTER TABLE ... VALIDATE CONSTRAINT ...}, which does not block writes. */
    public static TargetStatementsStep postFlip(Connections target, List<String> statements) {
        return new TargetStatementsStep("validate-constraints", target, statements);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public StepReport run(CutoverContext ctx) throws Exception {
        if (statements.isEmpty()) {
            return StepReport.of("no statements");
        }
        List<String> lines = new ArrayList<>();
        try (Connection c = target.open()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                for (String sql : statements) {
                    Savepoint sp = c.setSavepoint();
                    try {
                        s.execute(sql);
                        lines.add("ran: " + sql);
                    } catch (SQLException e) {
                        if (!ALREADY_DONE.contains(e.getSQLState())) {
                            throw new SQLException("statement failed: " + sql + ": " + e.getMessage(), e.getSQLState(), e);
                        }
                        c.rollback(sp);
                        lines.add("already done: " + sql);
                    }
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
        return new StepReport(lines);
    }

    @Override
    public StepReport dryRun(CutoverContext ctx) {
        if (statements.isEmpty()) {
            return StepReport.of("no statements");
        }
        return new StepReport(statements.stream().map(s -> "would run: " + s).toList());
    }
}
