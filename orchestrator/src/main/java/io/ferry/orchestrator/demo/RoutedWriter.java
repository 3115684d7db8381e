package io.ferry.orchestrator.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ferry.orchestrator.api.AdminClient;
import io.ferry.orchestrator.migration.Routing;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An application that follows Ferry's routing endpoint: it writes, one transaction at a time at a steady pace, to
 * whichever side the route names; a thread of its own polls the route every {@code pollEvery}, the writer at once after a failed write (a
 * frozen source answers with errors), and switches data sources when the route changes. Every committed
 * transaction goes into the {@link WriteLedger}; a failed one is rolled back, not acknowledged, and tried anew.
 */
public final class RoutedWriter implements Runnable {

    /** One transaction of the application on the given side; returns its key changes for the ledger. */
    @FunctionalInterface
    public interface Workload {
        Map<String, String> step(Connection c, Routing.Side side) throws SQLException;
    }

    /** The current route. */
    @FunctionalInterface
    public interface RouteSource {
        Routing current() throws Exception;
    }

    /** The application's data sources: a new connection to the given side. */
    @FunctionalInterface
    public interface DataSources {
        Connection open(Routing.Side side) throws SQLException;
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final RouteSource route;
    private final DataSources dataSources;
    private final Workload workload;
    private final int perSecond;
    private final long pollNanos;
    private final WriteLedger ledger;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong failedWrites = new AtomicLong();
    private final AtomicLong routeErrors = new AtomicLong();
    private volatile Routing routing;
    private volatile long switchedAtNanos;
    private volatile Throwable failure;
    private volatile String lastError;

    /**
     * @param initial   the route to start with (the application's configuration before it first asks)
     * @param perSecond transactions per second; 0 for as fast as it goes
     */
    public RoutedWriter(RouteSource route, Routing initial, DataSources dataSources, Workload workload, int perSecond,
                        Duration pollEvery, WriteLedger ledger) {
        this.route = route;
        this.routing = initial;
        this.dataSources = dataSources;
        this.workload = workload;
        this.perSecond = perSecond;
        this.pollNanos = pollEvery.toNanos();
        this.ledger = ledger;
    }

    /** The routing endpoint of a coordinator's admin API, through {@link AdminClient}. */
    public static RouteSource http(AdminClient api, String migration) {
        return () -> {
            AdminClient.Response r = api.get(migration, "route");
            if (r.status() != 200) {
                throw new IOException("the routing endpoint of migration " + migration + " answered HTTP " + r.status() + ": " + r.body());
            }
            return parseRoute(r.body());
        };
    }

    /** {@code {"side":"source"|"target","version":n}} as the routing endpoint answers it. */
    public static Routing parseRoute(String json) {
        JsonNode n;
        try {
            n = JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("the route is not JSON: " + abbreviate(json), e);
        }
        if (n == null || !n.isObject() || !n.path("side").isTextual() || !n.path("version").canConvertToLong()) {
            throw new IllegalArgumentException("the route needs a text \"side\" and a number \"version\": " + abbreviate(json));
        }
        String side = n.get("side").asText();
        Routing.Side s;
        try {
            s = Routing.Side.valueOf(side.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the route's side is \"" + side + "\"; expected source or target", e);
        }
        return new Routing(s, n.get("version").asLong());
    }

    private static String abbreviate(String s) {
        return s == null ? "null" : s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }

    @Override
    public void run() {
        // The route is polled on a thread of its own, so a slow answer does not hold up the writes.
        Thread poller = new Thread(() -> {
            while (running.get()) {
                poll();
                try {
                    Thread.sleep(pollNanos / 1_000_000, (int) (pollNanos % 1_000_000));
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, Thread.currentThread().getName() + "-route");
        poller.setDaemon(true);
        poller.start();
        long interval = perSecond <= 0 ? 0 : 1_000_000_000L / perSecond;
        long next = System.nanoTime();
        Connection c = null;
        Routing.Side connectedTo = null;
        try {
            while (running.get()) {
                Routing.Side side = routing.side();
                if (c != null && connectedTo != side) {
                    closeQuietly(c);
                    c = null;
                }
                try {
                    if (c == null) {
                        c = dataSources.open(side);
                        c.setAutoCommit(false);
                        connectedTo = side;
                    }
                    Map<String, String> changes = workload.step(c, side);
                    try {
                        c.commit();
                    } catch (SQLException commitFailed) {
                        // Ended during its COMMIT (a freeze that ends sessions): it may or may not have taken effect.
                        ledger.uncertain(changes);
                        throw commitFailed;
                    }
                    ledger.acknowledge(side, changes, System.nanoTime());
                } catch (SQLException e) {
                    // Frozen (read-only), revoked, a session ended, or the route moved on: not acknowledged. Ask
                    // for the route at once rather than at the next poll.
                    failedWrites.incrementAndGet();
                    lastError = side + ": " + e.getMessage();
                    rollbackQuietly(c);
                    closeQuietly(c);
                    c = null;
                    poll();
                    Thread.sleep(10);
                }
                if (interval > 0) {
                    // After a pause, go on at the pace rather than catching up in a burst.
                    next = Math.max(next + interval, System.nanoTime() - interval);
                    long sleep = next - System.nanoTime();
                    if (sleep > 0) {
                        Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable t) {
            failure = t;
        } finally {
            running.set(false);
            poller.interrupt();
            if (c != null) {
                rollbackQuietly(c);
                closeQuietly(c);
            }
        }
    }

    private synchronized void poll() {
        try {
            Routing now = route.current();
            if (now.version() >= routing.version()) { // an older answer, arriving late, does not move the route back
                if (now.side() != routing.side()) {
                    switchedAtNanos = System.nanoTime();
                }
                routing = now;
            }
        } catch (Exception e) {
            // The coordinator may be busy or restarting: keep the last route and ask again next time.
            routeErrors.incrementAndGet();
        }
    }

    public void stop() {
        running.set(false);
    }

    public Routing routing() {
        return routing;
    }

    /** When the writer last saw the route change side (System.nanoTime), 0 before that. */
    public long switchedAtNanos() {
        return switchedAtNanos;
    }

    public long failedWrites() {
        return failedWrites.get();
    }

    /** The side and message of the last failed write, null when none failed. */
    public String lastError() {
        return lastError;
    }

    public long routeErrors() {
        return routeErrors.get();
    }

    public WriteLedger ledger() {
        return ledger;
    }

    public Throwable failure() {
        return failure;
    }

    private static void rollbackQuietly(Connection c) {
        try {
            if (c != null) {
                c.rollback();
            }
        } catch (SQLException ignored) {
            // the connection is discarded
        }
    }

    private static void closeQuietly(Connection c) {
        try {
            if (c != null) {
                c.close();
            }
        } catch (SQLException ignored) {
            // the connection is discarded
        }
    }
}
