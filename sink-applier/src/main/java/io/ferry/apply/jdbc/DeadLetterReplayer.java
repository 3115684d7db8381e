package io.ferry.apply.jdbc;

import io.ferry.apply.ApplyBatch;
import io.ferry.apply.ChangeApplier;
import io.ferry.apply.DeadLetter;
import io.ferry.apply.ParkedRecord;
import io.ferry.apply.PartitionKey;
import io.ferry.apply.dialect.TargetTable;
import io.ferry.core.event.ChangeEvent;
import io.ferry.core.event.ChangeEventCodec;
import io.ferry.core.event.EventFormatException;
import io.ferry.core.event.Op;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Applies parked records to the target again once their cause is fixed, in their original order (per change
 * partition, by offset), with nothing applied twice and no row put back to an older version:
 * <ul>
 *   <li>a record whose change record a replay dealt with before ({@code ferry.dead_letters_replayed}) is skipped, and
 *       one change parked twice (a crash between parking and commit) is replayed once;</li>
 *   <li>a record is applied only if no later change of the same row (or a truncate of its table) has been applied
 *       since: the change partition is read from the record up to what the applier recorded in
 *       {@code ferry.applied_offsets}; such a record is marked superseded instead (the row already has a newer
 *       version, or a later parked change of it will bring one);</li>
 *   <li>per change partition one transaction holds the applier's row of {@code ferry.applied_offsets} locked
 *       ({@code FOR UPDATE}), so the applier cannot commit a later change of that partition between the check and the
 *       write; each record runs under a savepoint, and its row change and its {@code dead_letters_replayed} entry
 *       commit together.</li>
 * </ul>
 * A record that still fails stays parked with the new reason; so does one that is not a change event.
 */
public final class DeadLetterReplayer {

    /** What happened to one parked record. */
    public enum Status { APPLIED, SUPERSEDED, STILL_FAILS, LEFT_PARKED, REPLAYED_BEFORE }

    /** One parked record's outcome, with the reason where it stays parked. */
    public record Outcome(ParkedRecord record, Status status, String detail) {
    }

    private static final int DEADLOCK_RETRIES = 5;

    private final BatchWriter.ConnectionFactory connections;
    private final TargetCatalog catalog;
    private final String applier;
    private final ReplayedDeadLetters replayed;
    private final ChangeApplier.GapReader topics;

    /**
     * @param applier the applier's id, whose rows of {@code ferry.applied_offsets} say what it has applied
     * @param topics  reads ranges of change partitions
     */
    public DeadLetterReplayer(BatchWriter.ConnectionFactory connections, TargetCatalog catalog, String applier,
                              ReplayedDeadLetters replayed, ChangeApplier.GapReader topics) {
        this.connections = connections;
        this.catalog = catalog;
        this.applier = applier;
        this.replayed = replayed;
        this.topics = topics;
    }

    public List<Outcome> replay(List<ParkedRecord> parked) throws SQLException {
        List<Outcome> out = new ArrayList<>();
        try (Connection c = connections.open()) {
            replayed.ensureSchema(c);
            Set<ParkedRecord.Source> before = replayed.load(c);
            Map<PartitionKey, TreeMap<Long, ParkedRecord>> byPartition = new LinkedHashMap<>();
            for (ParkedRecord r : parked.stream().sorted((a, b) -> a.source().compareTo(b.source())).toList()) {
                if (before.contains(r.source())) {
                    out.add(new Outcome(r, Status.REPLAYED_BEFORE, "replayed before"));
                    continue;
                }
                byPartition.computeIfAbsent(new PartitionKey(r.topic(), r.partition()), p -> new TreeMap<>()).putIfAbsent(r.offset(), r);
            }
            for (var e : byPartition.entrySet()) {
                out.addAll(replayPartition(c, e.getKey(), new ArrayList<>(e.getValue().values())));
            }
        }
        return out;
    }

    private List<Outcome> replayPartition(Connection c, PartitionKey partition, List<ParkedRecord> records) throws SQLException {
        for (int attempt = 1; ; attempt++) {
            try {
                return replayPartitionOnce(c, partition, records);
            } catch (SQLException e) {
                c.rollback();
                // The applier may hold a row this replay writes while it waits for the offsets row this replay holds.
                if (attempt >= DEADLOCK_RETRIES || !catalog.dialect().isConflict(e)) {
                    throw e;
                }
            } finally {
                c.setAutoCommit(true);
            }
        }
    }

    private List<Outcome> replayPartitionOnce(Connection c, PartitionKey partition, List<ParkedRecord> records) throws SQLException {
        c.setAutoCommit(false);
        List<Outcome> out = new ArrayList<>();
        Long appliedNext = lockAppliedOffset(c, partition);
        if (appliedNext == null) {
            c.rollback();
            records.forEach(r -> out.add(new Outcome(r, Status.LEFT_PARKED, "the applier has recorded nothing for " + partition
                    + " on the target yet")));
            return out;
        }
        long from = records.get(0).offset() + 1;
        List<ChangeEvent> later = new ArrayList<>();
        List<Long> laterOffsets = new ArrayList<>();
        if (from < appliedNext) {
            long earliest = topics.beginningOffset(partition);
            if (earliest > from) {
                c.rollback();
                records.forEach(r -> out.add(new Outcome(r, Status.LEFT_PARKED, "retention removed " + partition + " offsets " + from
                        + ".." + (earliest - 1) + ", so whether a later change of the row was applied cannot be told")));
                return out;
            }
            topics.read(partition, from, appliedNext, (p, offset, key, value) -> {
                try {
                    later.add(ChangeEventCodec.decode(value));
                    laterOffsets.add(offset);
                } catch (EventFormatException unreadable) {
                    // parked itself; it changes no row
                }
            });
        }
        for (ParkedRecord r : records) {
            if (r.offset() >= appliedNext) {
                out.add(new Outcome(r, Status.LEFT_PARKED, "the applier has not committed past it yet; replay again later"));
                continue;
            }
            ChangeEvent event;
            try {
                event = r.value() == null ? null : ChangeEventCodec.decode(r.value());
            } catch (EventFormatException e) {
                event = null;
            }
            if (event == null) {
                out.add(new Outcome(r, Status.LEFT_PARKED, "not a change event, nothing to apply: " + r.reason()));
                continue;
            }
            Long newer = newerChange(event, r.offset(), later, laterOffsets);
            Savepoint sp = c.setSavepoint();
            try {
                if (newer != null) {
                    replayed.record(c, r.source(), ReplayedDeadLetters.SUPERSEDED);
                    c.releaseSavepoint(sp);
                    out.add(new Outcome(r, Status.SUPERSEDED, "a later change of the row (offset " + newer + ") is applied or parked"));
                    continue;
                }
                String unfit = apply(c, partition, r, event.withColumnNames(catalog.dialect()::targetName));
                if (unfit != null) {
                    c.rollback(sp);
                    out.add(new Outcome(r, Status.STILL_FAILS, unfit));
                    continue;
                }
                replayed.record(c, r.source(), ReplayedDeadLetters.APPLIED);
                c.releaseSavepoint(sp);
                out.add(new Outcome(r, Status.APPLIED, "applied"));
            } catch (SQLException e) {
                if (catalog.dialect().classify(e) != io.ferry.apply.dialect.SqlErrorKind.POISON) {
                    throw e;
                }
                c.rollback(sp);
                out.add(new Outcome(r, Status.STILL_FAILS, "target table rejected the change (SQLState " + e.getSQLState() + "): "
                        + (e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse(""))));
            }
        }
        c.commit();
        return out;
    }

    /**
     * The offset of a change after {@code offset} that makes the parked one stale: of the same row at the same or a
     * later source position, or a truncate of its table; null when there is none.
     */
    static Long newerChange(ChangeEvent parked, long offset, List<ChangeEvent> later, List<Long> laterOffsets) {
        for (int i = 0; i < later.size(); i++) {
            ChangeEvent e = later.get(i);
            if (laterOffsets.get(i) <= offset || !e.table().equals(parked.table()) || e.position().compareTo(parked.position()) < 0) {
                continue;
            }
            if (e.op() == Op.TRUNCATE || e.key().equals(parked.key())) {
                return laterOffsets.get(i);
            }
        }
        return null;
    }

    /** The first offset the applier has not applied, with its row locked until this transaction ends; null if none. */
    private Long lockAppliedOffset(Connection c, PartitionKey partition) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(catalog.dialect().lockAppliedOffset())) {
            ps.setString(1, applier);
            ps.setString(2, partition.topic());
            ps.setInt(3, partition.partition());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) + 1 : null;
            }
        }
    }

    /** Writes the change as the applier would; returns why it does not fit the target table, or null. */
    private String apply(Connection c, PartitionKey partition, ParkedRecord r, ChangeEvent event) throws SQLException {
        TargetTable t = catalog.table(c, event.table());
        ApplyBatch.Entry entry = new ApplyBatch.Entry(partition, r.offset(), r.key(), r.value(), event);
        DeadLetter unfit = BatchWriter.unfit(t, entry);
        if (unfit != null) {
            return unfit.reason();
        }
        if (event.isDelete()) {
            try (PreparedStatement ps = c.prepareStatement(catalog.dialect().delete(t))) {
                BatchWriter.bindDelete(catalog.dialect(), ps, t, event);
                ps.executeUpdate();
            }
        } else {
            List<String> columns = t.writable(event.after().keySet());
            try (PreparedStatement ps = c.prepareStatement(catalog.dialect().upsert(t, columns))) {
                BatchWriter.bindUpsert(catalog.dialect(), ps, t, columns, event);
                ps.executeUpdate();
            }
        }
        return null;
    }
}
