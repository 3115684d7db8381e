package io.ferry.orchestrator.migration;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The store's rules (epoch fencing, idempotent moves, the flip) in memory, for unit tests of what uses it. */
public final class InMemoryMigrationStore implements MigrationStore {

    private final Map<String, MigrationState> rows = new HashMap<>();
    private final List<Transition> log = new ArrayList<>();

    @Override
    public synchronized MigrationState create(String name, MigrationPhase initial, String actor) {
        return rows.computeIfAbsent(name, n -> {
            log.add(new Transition(n, null, initial, "migration registered", actor, 0, Instant.now()));
            return new MigrationState(n, initial, 0, Routing.INITIAL, null, null, null, Instant.now());
        });
    }

    @Override
    public synchronized Optional<MigrationState> load(String name) {
        return Optional.ofNullable(rows.get(name));
    }

    @Override
    public synchronized Migration acquire(String name, String actor) {
        MigrationState s = rows.get(name);
        if (s == null) {
            throw new IllegalArgumentException("no migration named " + name);
        }
        rows.put(name, new MigrationState(name, s.phase(), s.epoch() + 1, s.routing(), s.watermark(), s.lastCutover(), s.freezeState(), Instant.now()));
        return new Migration(this, name, s.epoch() + 1, actor);
    }

    @Override
    public synchronized List<Transition> log(String name, int limit) {
        List<Transition> out = new ArrayList<>(log.stream().filter(t -> t.migration().equals(name)).toList());
        java.util.Collections.reverse(out);
        return out.subList(0, Math.min(limit, out.size()));
    }

    @Override
    public synchronized boolean transition(String name, long epoch, MigrationPhase to, String reason, String actor, boolean flipRoute) {
        MigrationState s = owned(name, epoch);
        if (s.phase() == to) {
            return false;
        }
        s.phase().checkMoveTo(to);
        Routing r = flipRoute ? new Routing(Routing.sideAfter(to), s.routing().version() + 1) : s.routing();
        rows.put(name, new MigrationState(name, to, epoch, r, s.watermark(), s.lastCutover(), s.freezeState(), Instant.now()));
        log.add(new Transition(name, s.phase(), to, reason, actor, epoch, Instant.now()));
        return true;
    }

    @Override
    public synchronized void update(String name, long epoch, String column, String value) {
        MigrationState s = owned(name, epoch);
        rows.put(name, new MigrationState(name, s.phase(), epoch, s.routing(),
                column.equals("watermark") ? value : s.watermark(),
                column.equals("last_cutover") ? value : s.lastCutover(),
                column.equals("freeze_state") ? value : s.freezeState(), Instant.now()));
    }

    private MigrationState owned(String name, long epoch) {
        MigrationState s = rows.get(name);
        if (s.epoch() != epoch) {
            throw new FencedException(name, epoch, s.epoch());
        }
        return s;
    }
}
