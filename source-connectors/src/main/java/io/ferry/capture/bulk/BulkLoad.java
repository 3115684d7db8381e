package io.ferry.capture.bulk;

import io.ferry.core.config.BulkLoadConfig;
import io.ferry.core.config.PipelineConfig;
import io.ferry.core.schema.TableId;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Properties;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bulk full load of a pipeline's tables: a consistent cut, each table split into key-ordered chunks, N readers
 * reading chunks inside the cut's snapshot and M writers writing each chunk with {@code COPY} in one target
 * transaction together with its done mark, several tables at once; secondary indexes built after a table's rows.
 *
 * <h2>Resuming after a crash, and why it stays exact</h2>
 * The first run records its cut (C1) and the chunk plan. A rerun after a crash copies only the chunks not marked
 * done; their rows must come from a new cut (C2, later than C1), because the snapshot of C1 died with the readers and
 * cannot be opened again. Streaming still starts at C1 (the offset capture seeds is always the first cut's, and
 * capture streams from it while the copy runs). Each row of a chunk copied at C2 then has the value it had at C2 and
 * receives again the changes between C1 and C2. Those changes are full row images applied as idempotent upserts and
 * deletes by key, in log order, and the applier applies a table's changes only after its copy is committed
 * ({@code BulkCopyGate}); so each key ends as its last change in the log says (or as copied, when no change after C1
 * touched it), which is the source's value: the target converges to the source exactly.
 * Rows of chunks copied at C1 see each change after C1 once, as on a run without a crash. Chunk ranges cover every
 * possible key without overlap, so rows inserted after the plan land in exactly one chunk.
 */
public final class BulkLoad implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BulkLoad.class);
    private static final byte[] END = new byte[0];
    private static final byte[] ABORT = new byte[0];

    /** What a run did: the load's first cut (streaming starts there), and what this run copied. */
    public record Result(BulkCut cut, long rowsCopied, int chunksCopied, boolean alreadyFinished) {
    }

    private record Work(BulkTable table, Chunk chunk) {
    }

    private static final class InFlight {
        final Work work;
        final BlockingQueue<byte[]> blocks = new ArrayBlockingQueue<>(4);
        volatile long rows;

        InFlight(Work work) {
            this.work = work;
        }
    }

    private final PipelineConfig config;
    private final List<TableId> tables;
    private final Map<TableId, List<String>> substituteKeys;
    private final BulkLoadConfig settings;
    private final BulkState state;
    private final BulkProgress progress = new BulkProgress(System::nanoTime);
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final AtomicInteger chunksCopied = new AtomicInteger();
    private volatile ExecutorService readers;
    private volatile ExecutorService writers;

    /**
     * @throws IllegalArgumentException when the pipeline's target is not PostgreSQL, the only target the bulk load writes
     *                                  (its {@code COPY} and its {@code ferry.bulk_*} bookkeeping are PostgreSQL's)
     */
    public BulkLoad(PipelineConfig config, List<TableId> tables, Map<TableId, List<String>> substituteKeys) {
        if (config.target().kind() != io.ferry.core.config.TargetKind.POSTGRESQL) {
            throw new IllegalArgumentException("capture.snapshotMode bulk copies into a PostgreSQL target only; target.kind is "
                    + config.target().kind().name().toLowerCase(java.util.Locale.ROOT) + " (use capture.snapshotMode initial)");
        }
        this.config = config;
        this.tables = List.copyOf(tables);
        this.substituteKeys = Map.copyOf(substituteKeys);
        this.settings = config.capture().bulk();
        this.state = new BulkState(config.name());
    }

    public BulkProgress progress() {
        return progress;
    }

    /**
     * A load ready to copy: its first cut (where streaming starts), and unless it finished earlier, the reader
     * connections open in the snapshot of this run's cut. Closing it closes them.
     */
    public final class Prepared implements AutoCloseable {
        private final BulkCut first;
        private final ConsistentCut.Snapshot snapshot;
        private final List<BulkTable> described;

        private Prepared(BulkCut first, ConsistentCut.Snapshot snapshot, List<BulkTable> described) {
            this.first = first;
            this.snapshot = snapshot;
            this.described = described;
        }

        /** The load's first cut: capture's stream starts here, whatever cut later runs read at. */
        public BulkCut firstCut() {
            return first;
        }

        public boolean finishedEarlier() {
            return snapshot == null;
        }

        @Override
        public void close() {
            if (snapshot != null) {
                snapshot.close();
            }
        }
    }

    /** Whether this pipeline has a bulk load recorded in the target (finished or not). */
    public boolean recorded() throws SQLException {
        try (Connection pg = target()) {
            BulkState.ensureSchema(pg);
            return state.load(pg) != null;
        }
    }

    /**
     * Takes this run's cut and, for a new load, plans the tables and records plan and cut (committed before this
     * returns, so streaming may start at the first cut at once); for a load recorded earlier, only the new cut for
     * its unfinished chunks.
     */
    public Prepared prepare() throws SQLException {
        try (Connection pg = target()) {
            BulkState.ensureSchema(pg);
            BulkState.Load load = state.load(pg);
            if (load != null && load.finished()) {
                LOG.info("bulk load of pipeline {} finished earlier, at cut {}", config.name(), load.cut().describe());
                return new Prepared(load.cut(), null, List.of());
            }
            List<BulkTable> described = describe(pg);
            if (load == null) {
                requireEmptyTargets(pg, described);
            }
            ConsistentCut.Snapshot snapshot = ConsistentCut.take(config.source(), this::source, settings.readers());
            try {
                if (load == null) {
                    plan(pg, described, snapshot.cut());
                    return new Prepared(snapshot.cut(), snapshot, described);
                }
                LOG.info("bulk load of pipeline {} resumes: unfinished chunks are read at the new cut {}; streaming started at the "
                        + "first cut {}, and replaying the changes in between converges (see BulkLoad)", config.name(),
                        snapshot.cut().describe(), load.cut().describe());
                return new Prepared(load.cut(), snapshot, described);
            } catch (SQLException | RuntimeException e) {
                snapshot.close();
                throw e;
            }
        }
    }

    /** Copies the prepared load's unfinished chunks, builds the set-aside indexes and marks the load finished. */
    public Result copy(Prepared prepared) throws SQLException, InterruptedException {
        if (prepared.finishedEarlier()) {
            return new Result(prepared.firstCut(), 0, 0, true);
        }
        try (Connection pg = target()) {
            List<Work> pending = pending(pg, prepared.described, prepared.snapshot.readers().size());
            long started = System.nanoTime();
            long before = progress.copied();
            copy(prepared.snapshot, pending);
            prepared.close(); // the snapshot is not needed for the indexes; end it early
            buildIndexes(prepared.described);
            state.finish(pg);
            double seconds = (System.nanoTime() - started) / 1e9;
            long rows = progress.copied() - before;
            LOG.info("bulk load of pipeline {} done: {} rows in {} chunks in {} s ({} rows/s); streaming started at {}",
                    config.name(), rows, chunksCopied.get(), String.format("%.1f", seconds), Math.round(rows / Math.max(seconds, 1e-3)),
                    prepared.firstCut().describe());
            return new Result(prepared.firstCut(), rows, chunksCopied.get(), false);
        }
    }

    /** Runs (or resumes, or finds finished) the load; blocks until done. */
    public Result run() throws SQLException, InterruptedException {
        try (Prepared prepared = prepare()) {
            return copy(prepared);
        }
    }

    private List<BulkTable> describe(Connection pg) throws SQLException {
        List<BulkTable> list = new ArrayList<>();
        try (Connection source = source()) {
            for (TableId t : tables) {
                list.add(BulkTable.describe(source, pg, t, config.target().schema(), substituteKeys.get(t), config.types()));
            }
        }
        return list;
    }

    private static void requireEmptyTargets(Connection pg, List<BulkTable> tables) throws SQLException {
        List<String> filled = new ArrayList<>();
        try (Statement s = pg.createStatement()) {
            for (BulkTable t : tables) {
                try (ResultSet rs = s.executeQuery("SELECT EXISTS (SELECT 1 FROM " + t.qualifiedTarget() + ")")) {
                    rs.next();
                    if (rs.getBoolean(1)) {
                        filled.add(t.target().toString());
                    }
                }
            }
        }
        if (!filled.isEmpty()) {
            throw new IllegalStateException("the bulk load copies into empty tables, but target tables " + filled + " have rows and no "
                    + "bulk load of this pipeline is recorded in ferry.bulk_loads; empty them (TRUNCATE) or use capture.snapshotMode: no_data");
        }
    }

    /** Plans every table (a key-only scan each), sets aside secondary indexes and records it all with the cut, at once. */
    private void plan(Connection pg, List<BulkTable> described, BulkCut cut) throws SQLException {
        pg.setAutoCommit(false);
        try (Connection source = source()) {
            state.begin(pg, cut);
            for (BulkTable t : described) {
                long[] count = {0};
                List<Chunk> chunks;
                try (Statement s = source.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
                    s.setFetchSize(10_000);
                    try (ResultSet rs = s.executeQuery(ChunkReader.keyScanSql(t))) {
                        chunks = ChunkPlanner.plan(keys(rs, t, count), settings.chunkRows());
                    }
                }
                List<String> indexes = SecondaryIndexes.drop(pg, t.target());
                state.plan(pg, t, chunks, count[0], indexes);
                LOG.info("bulk load: {} planned as {} chunks of up to {} rows ({} rows); {} keys and indexes built after the copy",
                        t.source(), chunks.size(), settings.chunkRows(), count[0], indexes.size());
            }
            pg.commit();
        } catch (SQLException | RuntimeException e) {
            pg.rollback();
            throw e;
        } finally {
            pg.setAutoCommit(true);
        }
    }

    private static Iterator<List<String>> keys(ResultSet rs, BulkTable t, long[] count) {
        return new Iterator<>() {
            Boolean ahead;

            @Override
            public boolean hasNext() {
                if (ahead == null) {
                    try {
                        ahead = rs.next();
                    } catch (SQLException e) {
                        throw new IllegalStateException("reading the keys of " + t.source() + ": " + e.getMessage(), e);
                    }
                }
                return ahead;
            }

            @Override
            public List<String> next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                ahead = null;
                count[0]++;
                List<String> key = new ArrayList<>(t.sourceKey().size());
                try {
                    for (int i = 0; i < t.sourceKey().size(); i++) {
                        key.add(t.binaryKey().get(i) ? Base64.getEncoder().encodeToString(rs.getBytes(i + 1)) : rs.getString(i + 1));
                    }
                } catch (SQLException e) {
                    throw new IllegalStateException("reading the keys of " + t.source() + ": " + e.getMessage(), e);
                }
                return key;
            }
        };
    }

    /** The chunks not yet done, taken from the tables in turn so that several tables are copied at once. */
    private List<Work> pending(Connection pg, List<BulkTable> described, int readerCount) throws SQLException {
        Map<String, Long> planned = state.plannedRows(pg);
        Map<BulkTable, List<Work>> byTable = new LinkedHashMap<>();
        int done = 0;
        int all = 0;
        for (BulkTable t : described) {
            Long rows = planned.get(t.source().toString());
            if (rows == null) {
                throw new IllegalStateException("table " + t.source() + " was not captured when this bulk load began; a table added to a "
                        + "running load is not supported: finish the load, then add the table with a new pipeline");
            }
            List<BulkState.PlannedChunk> chunks = state.chunks(pg, t.source());
            long copied = chunks.stream().filter(BulkState.PlannedChunk::done).mapToLong(BulkState.PlannedChunk::rows).sum();
            progress.table(t.source(), rows, copied);
            List<Work> open = new ArrayList<>();
            for (BulkState.PlannedChunk c : chunks) {
                all++;
                if (c.done()) {
                    done++;
                } else {
                    open.add(new Work(t, c.chunk()));
                }
            }
            byTable.put(t, open);
        }
        List<Work> order = new ArrayList<>();
        for (int i = 0; order.size() < all - done; i++) {
            for (List<Work> w : byTable.values()) {
                if (i < w.size()) {
                    order.add(w.get(i));
                }
            }
        }
        LOG.info("bulk load of pipeline {}: {} of {} chunks to copy ({} done earlier), {} readers, {} writers", config.name(),
                order.size(), all, done, readerCount, Math.min(settings.writers(), Math.max(1, order.size())));
        return order;
    }

    private void copy(ConsistentCut.Snapshot snapshot, List<Work> pending) throws SQLException, InterruptedException {
        if (pending.isEmpty()) {
            return;
        }
        ConcurrentLinkedQueue<Work> queue = new ConcurrentLinkedQueue<>(pending);
        int writerCount = Math.min(settings.writers(), pending.size());
        BlockingQueue<InFlight> handoff = new ArrayBlockingQueue<>(writerCount);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        readers = Executors.newFixedThreadPool(snapshot.readers().size(), named("ferry-bulk-reader"));
        writers = Executors.newFixedThreadPool(writerCount, named("ferry-bulk-writer"));
        List<Future<?>> readerJobs = new ArrayList<>();
        List<Future<?>> writerJobs = new ArrayList<>();
        for (int i = 0; i < writerCount; i++) {
            writerJobs.add(writers.submit(() -> write(handoff, snapshot.cut(), failure)));
        }
        for (Connection c : snapshot.readers()) {
            readerJobs.add(readers.submit(() -> read(c, queue, handoff, failure)));
        }
        try {
            await(readerJobs, failure);
            for (int i = 0; i < writerCount; i++) {
                handoff.put(new InFlight(null));
            }
            await(writerJobs, failure);
        } finally {
            readers.shutdownNow();
            writers.shutdownNow();
        }
        Throwable t = failure.get();
        if (t != null) {
            if (t instanceof SQLException e) {
                throw e;
            }
            if (t instanceof RuntimeException e) {
                throw e;
            }
            if (t instanceof InterruptedException e) {
                throw e;
            }
            throw new IllegalStateException(t);
        }
    }

    private void await(List<Future<?>> jobs, AtomicReference<Throwable> failure) throws InterruptedException {
        for (Future<?> f : jobs) {
            try {
                f.get();
            } catch (ExecutionException e) {
                failure.compareAndSet(null, e.getCause());
                readers.shutdownNow();
                writers.shutdownNow();
            } catch (java.util.concurrent.CancellationException e) {
                failure.compareAndSet(null, new InterruptedException("bulk load stopped"));
            }
        }
    }

    private Void read(Connection source, ConcurrentLinkedQueue<Work> queue, BlockingQueue<InFlight> handoff,
                      AtomicReference<Throwable> failure) throws Exception {
        Work w;
        while (failure.get() == null && !stopped.get() && (w = queue.poll()) != null) {
            InFlight f = new InFlight(w);
            handoff.put(f);
            try {
                f.rows = ChunkReader.read(source, w.table(), w.chunk(), f.blocks::put);
                f.blocks.put(END);
            } catch (Exception e) {
                f.blocks.offer(ABORT);
                throw new IllegalStateException("bulk load: reading chunk " + w.chunk() + " of " + w.table().source() + " failed: "
                        + e.getMessage(), e);
            }
        }
        return null;
    }

    private Void write(BlockingQueue<InFlight> handoff, BulkCut cut, AtomicReference<Throwable> failure) throws Exception {
        try (Connection pg = target()) {
            pg.setAutoCommit(false);
            try (Statement s = pg.createStatement()) {
                // A chunk's rows are committed with its done mark; losing them in a crash is what the mark is for, so
                // the commit need not wait for the WAL flush (a crash undoes the mark with the rows).
                s.execute("SET synchronous_commit = off");
            }
            pg.commit();
            PGConnection pgc = pg.unwrap(PGConnection.class);
            while (true) {
                InFlight f = handoff.take();
                if (f.work == null) {
                    return null;
                }
                Work w = f.work;
                CopyIn copy = pgc.getCopyAPI().copyIn(w.table().copySql());
                try {
                    while (true) {
                        byte[] b = f.blocks.take();
                        if (b == END) {
                            break;
                        }
                        if (b == ABORT) {
                            throw new IllegalStateException("reader of chunk " + w.chunk() + " failed");
                        }
                        copy.writeToCopy(b, 0, b.length);
                    }
                    copy.endCopy();
                    state.markDone(pg, w.table().source(), w.chunk().no(), f.rows, cut);
                    pg.commit();
                } catch (Exception e) {
                    if (copy.isActive()) {
                        try {
                            copy.cancelCopy();
                        } catch (SQLException ignored) {
                            // the connection is going anyway
                        }
                    }
                    pg.rollback();
                    failure.compareAndSet(null, e instanceof SQLException se
                            ? new SQLException("bulk load: writing chunk " + w.chunk() + " of " + w.table().source() + " into "
                                    + w.table().target() + " failed: " + se.getMessage(), se.getSQLState(), se) : e);
                    throw e;
                }
                chunksCopied.incrementAndGet();
                progress.copied(w.table().source(), f.rows);
            }
        }
    }

    /** Builds the set-aside indexes, tables in parallel (one connection per table at a time), then marks the tables copied. */
    private void buildIndexes(List<BulkTable> described) throws SQLException, InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(settings.writers(), described.size())), named("ferry-bulk-index"));
        try {
            List<Future<?>> jobs = new ArrayList<>();
            for (BulkTable t : described) {
                jobs.add(pool.submit(() -> {
                    try (Connection pg = target()) {
                        List<String> defs = state.pendingIndexes(pg, t.source());
                        if (defs == null) {
                            return null;
                        }
                        long start = System.nanoTime();
                        SecondaryIndexes.create(pg, defs);
                        state.markTableCopied(pg, t.source());
                        if (!defs.isEmpty()) {
                            LOG.info("bulk load: built {} keys and indexes of {} in {} ms", defs.size(), t.target(),
                                    (System.nanoTime() - start) / 1_000_000);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : jobs) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof SQLException se) {
                        throw se;
                    }
                    throw new IllegalStateException(e.getCause());
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static java.util.concurrent.ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    private Connection source() throws SQLException {
        return io.ferry.capture.SourceTables.connect(config.source());
    }

    private Connection target() throws SQLException {
        var t = config.target();
        Properties p = new Properties();
        p.setProperty("user", t.user());
        p.setProperty("password", t.password().reveal());
        p.setProperty("ApplicationName", "ferry-bulk-" + config.name());
        // target.tls as the applier's connections take it (without it the driver's default, prefer, verified nothing).
        return DriverManager.getConnection("jdbc:postgresql://" + t.host() + ":" + t.port() + "/" + t.database()
                + io.ferry.core.tls.DatabaseTls.urlSuffix(io.ferry.core.tls.DatabaseTls.postgresJdbcParameters(t.tls())), p);
    }

    /** Stops the copy: running chunks are rolled back and copied again by the next run. */
    @Override
    public void close() {
        stopped.set(true);
        ExecutorService r = readers;
        ExecutorService w = writers;
        if (r != null) {
            r.shutdownNow();
        }
        if (w != null) {
            w.shutdownNow();
            try {
                w.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
