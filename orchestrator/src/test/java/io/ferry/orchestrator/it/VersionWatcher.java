package io.ferry.orchestrator.it;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Polls the target's ledger throughout a test and records every time a row is seen at a lower
 * version than it was seen before: the "no row ever goes back to an older version" guarantee,
 * checked across crashes and restarts.
 */
final class VersionWatcher implements Runnable {

    private final PipelineFixture fixture;
    private final Map<Long, Integer> highest = new HashMap<>();
    private final List<String> regressions = new ArrayList<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private int polls;

    VersionWatcher(PipelineFixture fixture) {
        this.fixture = fixture;
    }

    @Override
    public void run() {
        while (running.get()) {
            try (Connection c = fixture.target(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT id, version FROM app.ledger")) {
                while (rs.next()) {
                    long id = rs.getLong(1);
                    int v = rs.getInt(2);
                    Integer before = highest.get(id);
                    if (before != null && v < before) {
                        synchronized (regressions) {
                            regressions.add("row " + id + " went back from version " + before + " to " + v);
                        }
                    }
                    highest.merge(id, v, Math::max);
                }
                polls++;
                Thread.sleep(150);
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                // the target may be briefly unreachable; the next poll tries again
            }
        }
    }

    void stop() {
        running.set(false);
    }

    int polls() {
        return polls;
    }

    List<String> regressions() {
        synchronized (regressions) {
            return List.copyOf(regressions);
        }
    }
}
