package io.ferry.orchestrator.cutover;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ferry.core.fault.FaultPoints;
import io.ferry.orchestrator.migration.Migration;
import io.ferry.orchestrator.migration.MigrationPhase;
import io.ferry.orchestrator.migration.MigrationState;
import io.ferry.orchestrator.migration.MigrationStore;
import io.ferry.orchestrator.migration.Routing;
import io.ferry.orchestrator.migration.Transition;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The coordinator of one migration: takes it (raising the epoch, which fences off any earlier coordinator),
 * recovers a cutover a dead coordinator left behind, and then answers the admin API: status, route, cutover (or
 * its dry run), abort, complete.
 */
public final class Coordinator {

    private static final Logger LOG = LoggerFactory.getLogger(Coordinator.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final MigrationStore store;
    private final Migration migration;
    private final Cutover cutover;
    /** Null without reverse replication. */
    private final Rollback rollback;
    private final io.ferry.orchestrator.reverse.ReverseReplication reverse;

    private Coordinator(MigrationStore store, Migration migration, Cutover cutover, Rollback rollback,
                        io.ferry.orchestrator.reverse.ReverseReplication reverse) {
        this.store = store;
        this.migration = migration;
        this.cutover = cutover;
        this.rollback = rollback;
        this.reverse = reverse;
    }

    /**
     * Registers the migration if it is new (in {@code initial}), takes it, and recovers whatever cutover was in
     * progress.
     *
     * @param plan builds the cutover's steps for the migration as taken (steps persist through it)
     */
    public static Coordinator start(MigrationStore store, String name, MigrationPhase initial, String actor,
                                    Function<Migration, CutoverPlan> plan, Duration budget, FaultPoints faults) throws SQLException {
        return start(store, name, initial, actor, plan, null, null, budget, faults);
    }

    /**
     * As above, with the way back: reverse replication and the rollback's plan (both null without them). A rollback in
     * progress is recovered as {@link Rollback#recover} says.
     */
    public static Coordinator start(MigrationStore store, String name, MigrationPhase initial, String actor,
                                    Function<Migration, CutoverPlan> plan, Function<Migration, RollbackPlan> rollbackPlan,
                                    io.ferry.orchestrator.reverse.ReverseReplication reverse, Duration budget, FaultPoints faults)
            throws SQLException {
        store.create(name, initial, actor);
        Migration m = store.acquire(name, actor);
        Coordinator c = new Coordinator(store, m, new Cutover(m, plan.apply(m), budget, faults),
                rollbackPlan == null ? null : new Rollback(m, rollbackPlan.apply(m), budget, faults), reverse);
        MigrationPhase phase = m.phase();
        CutoverReport recovered = c.rollback != null && (phase.isRollingBack() || phase == MigrationPhase.ROLLED_BACK)
                ? c.rollback.recover() : c.cutover.recover();
        if (recovered != null) {
            LOG.warn("migration {}: recovered a cutover left in progress: {}", name, recovered.text());
        }
        LOG.info("coordinator {} holds migration {} (epoch {}, phase {})", actor, name, m.epoch(), m.phase());
        return c;
    }

    public String name() {
        return migration.name();
    }

    public Migration migration() {
        return migration;
    }

    /** Phase, epoch, routing, the last transition and the last cutover's measured step times. */
    public Map<String, Object> status() throws Exception {
        MigrationState s = migration.state();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", s.name());
        m.put("phase", s.phase().name());
        m.put("epoch", s.epoch());
        m.put("updatedAt", s.updatedAt().toString());
        m.put("route", Map.of("side", s.routing().side().wireName(), "version", s.routing().version()));
        m.put("watermark", s.watermark());
        m.put("cutoverRunning", cutover.isRunning());
        if (reverse != null) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("running", reverse.running());
            r.put("streaming", reverse.streaming());
            r.put("lagMillis", reverse.lagMillis());
            Throwable f = reverse.failure();
            r.put("failure", f == null ? null : f.getMessage());
            r.put("rollbackRunning", rollback != null && rollback.isRunning());
            m.put("reverse", r);
        }
        List<Transition> last = store.log(s.name(), 1);
        if (!last.isEmpty()) {
            Transition t = last.get(0);
            Map<String, Object> lt = new LinkedHashMap<>();
            lt.put("from", t.from() == null ? null : t.from().name());
            lt.put("to", t.to().name());
            lt.put("reason", t.reason());
            lt.put("actor", t.actor());
            lt.put("at", t.at().toString());
            m.put("lastTransition", lt);
        }
        m.put("lastCutover", s.lastCutover() == null ? null : JSON.readTree(s.lastCutover()));
        return m;
    }

    public Routing route() throws SQLException {
        return migration.state().routing();
    }

    public CutoverReport cutover(boolean dryRun, String who) throws SQLException {
        LOG.info("migration {}: {} requested by {}", name(), dryRun ? "cutover dry run" : "cutover", who);
        return dryRun ? cutover.dryRun() : cutover.run(who);
    }

    public CutoverReport abort(String who) throws SQLException {
        LOG.info("migration {}: abort requested by {}", name(), who);
        return cutover.abort(who);
    }

    /** {@code ferry rollback} (or its dry run); refused without reverse replication. */
    public CutoverReport rollback(boolean dryRun, String who) throws SQLException {
        LOG.info("migration {}: {} requested by {}", name(), dryRun ? "rollback dry run" : "rollback", who);
        if (rollback == null) {
            return new CutoverReport(name(), CutoverReport.Outcome.REFUSED, "refused", List.of(new io.ferry.orchestrator.migration.Refusal(
                    io.ferry.orchestrator.migration.Refusal.Code.REVERSE_NOT_RUNNING, "reverse replication is not enabled "
                    + "(cutover.reverse.enabled); without it a rollback would lose the writes made on the target")), List.of(), null,
                    java.time.Instant.now().toString());
        }
        return dryRun ? rollback.dryRun() : rollback.run(who);
    }

    public CutoverReport complete(String who) throws SQLException {
        LOG.info("migration {}: complete requested by {}", name(), who);
        return cutover.complete(who);
    }
}
