package io.ferry.apply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.core.event.BinlogPosition;
import io.ferry.core.event.ChangeEvent;
import io.ferry.core.event.ChangeEventCodec;
import io.ferry.core.event.Op;
import io.ferry.core.fault.FaultPoints;
import io.ferry.core.schema.TableId;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ChangeApplierTest {

    private static final TableId ORDERS = TableId.of("shop", "orders");
    private static final PartitionKey P0 = new PartitionKey("ferry.shop.orders", 0);
    private static final PartitionKey P1 = new PartitionKey("ferry.shop.orders", 1);
    private static final ChangeApplier.FlushGuard ALWAYS = b -> true;

    private final FakeSink sink = new FakeSink();
    private final FakeGapReader topic = new FakeGapReader();

    @Test
    void skipsRecordsAtOrBelowTheRecordedOffsetAsReplays() {
        sink.recorded.put(P0, new Progress(4, new BinlogPosition("binlog.000001", 400, 0, null)));
        topic.appendRange(P0, 0, 10);
        ChangeApplier applier = applier(100, ALWAYS);

        offer(applier, P0, 3);
        offer(applier, P0, 4);

        assertThat(applier.skipped()).isEqualTo(2);
        assertThat(applier.pending().isEmpty()).isTrue();
        assertThat(topic.reads).isEmpty();

        offer(applier, P0, 5);

        assertThat(applier.pending().received()).isEqualTo(1);
        assertThat(applier.pending().progress().get(P0).offset()).isEqualTo(5);
        assertThat(topic.reads).isEmpty();
    }

    @Test
    void skipsARecordDeliveredTwiceInOneRun() {
        topic.appendRange(P0, 0, 3);
        ChangeApplier applier = applier(100, ALWAYS);

        offer(applier, P0, 0);
        offer(applier, P0, 1);
        offer(applier, P0, 1);
        offer(applier, P0, 0);

        assertThat(applier.skipped()).isEqualTo(2);
        assertThat(applier.pending().received()).isEqualTo(2);
    }

    @Test
    void readsTheGapBeforeARecordPastTheExpectedOffsetAndAppliesInOrder() {
        sink.recorded.put(P0, new Progress(4, new BinlogPosition("binlog.000001", 400, 0, null)));
        topic.appendRange(P0, 0, 10);
        ChangeApplier applier = applier(100, ALWAYS);

        offer(applier, P0, 8);

        assertThat(topic.reads).containsExactly(new Read(P0, 5, 8));
        ApplyBatch pending = applier.pending();
        assertThat(pending.received()).isEqualTo(4);
        assertThat(pending.changesByTable().get(ORDERS))
                .extracting(ApplyBatch.Entry::offset)
                .containsExactly(5L, 6L, 7L, 8L);
        assertThat(pending.progress().get(P0).offset()).isEqualTo(8);

        offer(applier, P0, 9);

        assertThat(topic.reads).hasSize(1);
        assertThat(applier.pending().progress().get(P0).offset()).isEqualTo(9);
    }

    @Test
    void recordsTheGapReaderAlreadyDeliveredAreReplaysWhenStreamsSendsThemToo() {
        sink.recorded.put(P0, new Progress(4, new BinlogPosition("binlog.000001", 400, 0, null)));
        topic.appendRange(P0, 0, 10);
        ChangeApplier applier = applier(100, ALWAYS);

        offer(applier, P0, 7);
        offer(applier, P0, 6);

        assertThat(applier.skipped()).isEqualTo(1);
        assertThat(applier.pending().received()).isEqualTo(3);
    }

    @Test
    void withoutRecordedProgressTheFirstExpectedOffsetIsTheBeginningOfThePartition() {
        topic.appendRange(P0, 100, 105);
        ChangeApplier applier = applier(100, ALWAYS);

        offer(applier, P0, 100);

        assertThat(topic.reads).isEmpty();
        assertThat(applier.skipped()).isZero();
        assertThat(applier.pending().progress().get(P0).offset()).isEqualTo(100);

        offer(applier, P0, 103);

        assertThat(topic.reads).containsExactly(new Read(P0, 101, 103));
        assertThat(applier.pending().received()).isEqualTo(4);
    }

    @Test
    void withoutRecordedProgressAFirstRecordPastTheBeginningReadsFromTheBeginning() {
        topic.appendRange(P0, 100, 105);
        ChangeApplier applier = applier(100, ALWAYS);

        offer(applier, P0, 102);

        assertThat(topic.reads).containsExactly(new Read(P0, 100, 102));
        assertThat(applier.pending().changesByTable().get(ORDERS))
                .extracting(ApplyBatch.Entry::offset)
                .containsExactly(100L, 101L, 102L);
    }

    @Test
    void partitionsAreTrackedIndependently() {
        sink.recorded.put(P0, new Progress(4, new BinlogPosition("binlog.000001", 400, 0, null)));
        topic.appendRange(P0, 0, 10);
        topic.appendRange(P1, 50, 60);
        ChangeApplier applier = applier(100, ALWAYS);

        offer(applier, P0, 5);
        offer(applier, P1, 50);
        offer(applier, P1, 51);

        assertThat(topic.reads).isEmpty();
        assertThat(applier.pending().progress()).containsOnlyKeys(P0, P1);
        assertThat(applier.pending().progress().get(P0).offset()).isEqualTo(5);
        assertThat(applier.pending().progress().get(P1).offset()).isEqualTo(51);
    }

    @Test
    void flushesWhenTheBatchReachesItsSize() {
        topic.appendRange(P0, 0, 10);
        ChangeApplier applier = applier(3, ALWAYS);

        offer(applier, P0, 0);
        offer(applier, P0, 1);
        assertThat(sink.written).isEmpty();

        offer(applier, P0, 2);

        assertThat(sink.written).hasSize(1);
        assertThat(sink.written.get(0).received()).isEqualTo(3);
        assertThat(sink.written.get(0).progress().get(P0).offset()).isEqualTo(2);
        assertThat(applier.pending().isEmpty()).isTrue();

        offer(applier, P0, 3);

        assertThat(sink.written).hasSize(1);
        assertThat(applier.pending().received()).isEqualTo(1);
    }

    @Test
    void batchSizeCountsRecordsBeforeCollapsing() {
        sink.recorded.put(P0, new Progress(-1, null));
        ChangeApplier applier = applier(3, ALWAYS);

        applier.offer(P0, 0, null, encode(event(Op.CREATE, "1", "new", 0)));
        applier.offer(P0, 1, null, encode(event(Op.UPDATE, "1", "paid", 1)));
        applier.offer(P0, 2, null, encode(event(Op.UPDATE, "1", "shipped", 2)));

        assertThat(sink.written).hasSize(1);
        assertThat(sink.written.get(0).changesByTable().get(ORDERS)).singleElement()
                .satisfies(e -> assertThat(e.event().after()).containsEntry("status", "shipped"));
    }

    @Test
    void explicitFlushWritesWhatIsBufferedAndEmptyFlushWritesNothing() {
        topic.appendRange(P0, 0, 10);
        ChangeApplier applier = applier(100, ALWAYS);

        applier.flush();
        assertThat(sink.written).isEmpty();

        offer(applier, P0, 0);
        applier.flush();

        assertThat(sink.written).hasSize(1);
        applier.flush();
        assertThat(sink.written).hasSize(1);
    }

    @Test
    void aGuardThatRefusesHoldsTheBatchUntilItAllows() {
        topic.appendRange(P0, 0, 10);
        boolean[] allow = {false};
        List<Integer> asked = new ArrayList<>();
        ChangeApplier applier = applier(2, batch -> {
            asked.add(batch.received());
            return allow[0];
        });

        offer(applier, P0, 0);
        offer(applier, P0, 1);
        offer(applier, P0, 2);
        applier.flush();

        assertThat(sink.written).isEmpty();
        assertThat(applier.pending().received()).isEqualTo(3);
        assertThat(asked).isNotEmpty();

        allow[0] = true;
        applier.flush();

        assertThat(sink.written).hasSize(1);
        assertThat(sink.written.get(0).received()).isEqualTo(3);
        assertThat(sink.written.get(0).progress().get(P0).offset()).isEqualTo(2);
        assertThat(applier.pending().isEmpty()).isTrue();
    }

    @Test
    void undecodableValueBecomesADeadLetterInTheBatchAndItsOffsetStillAdvances() {
        sink.recorded.put(P0, new Progress(4, new BinlogPosition("binlog.000001", 400, 0, null)));
        topic.appendRange(P0, 0, 10);
        ChangeApplier applier = applier(100, ALWAYS);
        byte[] key = "{\"id\":\"5\"}".getBytes(StandardCharsets.UTF_8);
        byte[] garbage = "not json at all".getBytes(StandardCharsets.UTF_8);

        applier.offer(P0, 5, key, garbage);

        ApplyBatch pending = applier.pending();
        assertThat(pending.unreadable()).singleElement().satisfies(letter -> {
            assertThat(letter.topic()).isEqualTo(P0.topic());
            assertThat(letter.partition()).isEqualTo(0);
            assertThat(letter.offset()).isEqualTo(5);
            assertThat(letter.key()).isEqualTo(key);
            assertThat(letter.value()).isEqualTo(garbage);
            assertThat(letter.reason()).contains("not a Ferry change event");
        });
        assertThat(pending.changesByTable()).isEmpty();
        assertThat(pending.progress().get(P0)).isEqualTo(new Progress(5, new BinlogPosition("binlog.000001", 400, 0, null)));

        offer(applier, P0, 6);

        assertThat(topic.reads).as("offset 5 counts as consumed, so 6 is no gap").isEmpty();
        assertThat(applier.pending().received()).isEqualTo(2);
    }

    @Test
    void tombstoneBecomesADeadLetter() {
        topic.appendRange(P0, 0, 3);
        ChangeApplier applier = applier(100, ALWAYS);

        offer(applier, P0, 0);
        applier.offer(P0, 1, new byte[] {1}, null);

        assertThat(applier.pending().unreadable()).singleElement()
                .satisfies(letter -> assertThat(letter.reason()).contains("no value"));
        // The unreadable record carries the position of the last readable change before it.
        assertThat(applier.pending().progress().get(P0)).isEqualTo(new Progress(1, position(0)));
    }

    @Test
    void unreadableRecordFirstInABatchAfterAFlushKeepsThePositionOfTheLastWrittenChange() {
        sink.recorded.put(P0, new Progress(4, new BinlogPosition("binlog.000001", 400, 0, null)));
        topic.appendRange(P0, 0, 10);
        ChangeApplier applier = applier(1, ALWAYS);

        offer(applier, P0, 5);
        assertThat(sink.written).hasSize(1);
        applier.offer(P0, 6, null, "garbage".getBytes(StandardCharsets.UTF_8));
        applier.flush();

        assertThat(sink.written).hasSize(2);
        // The target's recorded position must not move back to what it held at start-up.
        assertThat(sink.written.get(1).progress().get(P0)).isEqualTo(new Progress(6, position(5)));
    }

    @Test
    void undecodableRecordInsideAGapIsDeadLetteredAndTheGapGoesOn() {
        sink.recorded.put(P0, new Progress(4, new BinlogPosition("binlog.000001", 400, 0, null)));
        topic.appendRange(P0, 0, 10);
        topic.put(P0, 6, "broken".getBytes(StandardCharsets.UTF_8));
        ChangeApplier applier = applier(100, ALWAYS);

        offer(applier, P0, 8);

        assertThat(applier.pending().unreadable()).extracting(DeadLetter::offset).containsExactly(6L);
        assertThat(applier.pending().changesByTable().get(ORDERS))
                .extracting(ApplyBatch.Entry::offset)
                .containsExactly(5L, 7L, 8L);
        assertThat(applier.pending().received()).isEqualTo(4);
    }

    @Test
    void catchUpAppliesEverythingUpToTheEndOffsetAndFlushes() {
        sink.recorded.put(P0, new Progress(4, new BinlogPosition("binlog.000001", 400, 0, null)));
        topic.appendRange(P0, 0, 10);
        ChangeApplier applier = applier(100, ALWAYS);

        applier.catchUp(P0, 10);

        assertThat(topic.reads).containsExactly(new Read(P0, 5, 10));
        assertThat(sink.written).hasSize(1);
        ApplyBatch written = sink.written.get(0);
        assertThat(written.changesByTable().get(ORDERS))
                .extracting(ApplyBatch.Entry::offset)
                .containsExactly(5L, 6L, 7L, 8L, 9L);
        assertThat(written.progress().get(P0)).isEqualTo(new Progress(9, position(9)));
        assertThat(applier.pending().isEmpty()).isTrue();

        offer(applier, P0, 9);
        assertThat(applier.skipped()).isEqualTo(1);
    }

    @Test
    void catchUpWhenTheTargetIsAlreadyAtTheEndReadsAndWritesNothing() {
        sink.recorded.put(P0, new Progress(9, new BinlogPosition("binlog.000001", 900, 0, null)));
        topic.appendRange(P0, 0, 10);
        ChangeApplier applier = applier(100, ALWAYS);

        applier.catchUp(P0, 10);

        assertThat(topic.reads).isEmpty();
        assertThat(sink.written).isEmpty();
    }

    @Test
    void catchUpWithoutRecordedProgressStartsAtTheBeginningOfThePartition() {
        topic.appendRange(P0, 20, 23);
        ChangeApplier applier = applier(100, ALWAYS);

        applier.catchUp(P0, 23);

        assertThat(topic.reads).containsExactly(new Read(P0, 20, 23));
        assertThat(sink.written).singleElement()
                .satisfies(b -> assertThat(b.progress().get(P0).offset()).isEqualTo(22));
    }

    @Test
    void readsTheTargetsProgressOnlyOnce() {
        sink.recorded.put(P0, new Progress(4, new BinlogPosition("binlog.000001", 400, 0, null)));
        topic.appendRange(P0, 0, 10);
        topic.appendRange(P1, 0, 10);
        ChangeApplier applier = applier(1, ALWAYS);

        offer(applier, P0, 5);
        offer(applier, P0, 6);
        offer(applier, P1, 0);

        assertThat(sink.progressReads).isEqualTo(1);
    }

    @Test
    void failureToReadTheTargetsProgressStopsTheApplier() {
        sink.failOnProgress = new SQLException("connection refused", "08001");
        ChangeApplier applier = applier(100, ALWAYS);

        assertThatThrownBy(() -> applier.offer(P0, 0, null, encode(event(Op.CREATE, "1", "a", 0))))
                .isInstanceOf(ApplyStoppedException.class)
                .hasMessageContaining("cannot read applied offsets")
                .hasMessageContaining("connection refused")
                .hasCauseInstanceOf(SQLException.class);
    }

    @Test
    void closeClosesTheSinkAndTheGapReader() {
        ChangeApplier applier = applier(100, ALWAYS);

        applier.close();

        assertThat(sink.closed).isTrue();
        assertThat(topic.closed).isTrue();
    }

    @Test
    void captureReplayBelowTheAppliedPositionIsSkippedButMovesTheOffset() {
        sink.recorded.put(P0, new Progress(4, position(50)));
        topic.put(P0, 5, encode(event(Op.UPDATE, "1", "older", 40)));
        topic.put(P0, 6, encode(event(Op.UPDATE, "1", "older too", 49)));
        topic.put(P0, 7, encode(event(Op.UPDATE, "1", "newer", 60)));
        ChangeApplier applier = applier(100, ALWAYS);

        offer(applier, P0, 5);
        offer(applier, P0, 6);
        offer(applier, P0, 7);

        assertThat(applier.skipped()).isEqualTo(2);
        assertThat(applier.pending().changesByTable().get(ORDERS)).singleElement()
                .satisfies(e -> assertThat(e.event().after()).containsEntry("status", "newer"));
        assertThat(applier.pending().progress().get(P0)).isEqualTo(new Progress(7, position(60)));
    }

    @Test
    void bothHalvesOfAPrimaryKeyChangeAtOnePositionAreApplied() {
        sink.recorded.put(P0, new Progress(4, position(50)));
        ChangeEvent delete = ChangeEvent.of(Op.DELETE, "mariadb", ORDERS, Map.of("id", "1"), null, null, position(70), null, null, 1);
        topic.put(P0, 5, encode(delete));
        topic.put(P0, 6, encode(event(Op.CREATE, "2", "moved", 70)));
        ChangeApplier applier = applier(100, ALWAYS);

        offer(applier, P0, 5);
        offer(applier, P0, 6);

        assertThat(applier.skipped()).isZero();
        assertThat(applier.pending().changesByTable().get(ORDERS)).hasSize(2);
    }

    @Test
    void truncateMarkerStartsThePartitionOverSoALaterSnapshotIsApplied() {
        sink.recorded.put(P0, new Progress(4, position(500)));
        topic.put(P0, 5, encode(ChangeEvent.truncate("mariadb", ORDERS, position(10), null)));
        topic.put(P0, 6, encode(event(Op.READ, "1", "snapshot", 10)));
        topic.put(P0, 7, encode(event(Op.UPDATE, "1", "streamed", 20)));
        ChangeApplier applier = applier(100, ALWAYS);

        offer(applier, P0, 5);
        offer(applier, P0, 6);
        offer(applier, P0, 7);

        assertThat(applier.skipped()).isZero();
        assertThat(applier.pending().truncations().get(ORDERS)).containsExactly(P0);
        assertThat(applier.pending().changesByTable().get(ORDERS)).singleElement()
                .satisfies(e -> assertThat(e.event().after()).containsEntry("status", "streamed"));
        assertThat(applier.pending().progress().get(P0)).isEqualTo(new Progress(7, position(20)));
    }

    @Test
    void appliesASchemaChangeAfterTheChangesBeforeItAndBeforeTheChangesAfterIt() {
        topic.put(P0, 0, encode(event(Op.CREATE, "1", "old shape", 10)));
        topic.put(P0, 1, encode(ChangeEvent.schema("mariadb", ORDERS, position(11), null, new io.ferry.core.event.SchemaChange(
                "ALTER TABLE orders ADD COLUMN c2 INT DEFAULT 7", io.ferry.core.event.SchemaChange.Kind.ALTER, List.of(), List.of("id")))));
        topic.put(P0, 2, encode(event(Op.CREATE, "2", "new shape", 12)));
        ChangeApplier applier = applier(100, ALWAYS);

        offer(applier, P0, 0);
        offer(applier, P0, 1);
        offer(applier, P0, 2);
        applier.flush();

        assertThat(sink.order).containsExactly("batch [0]", "schema 1", "batch [2]");
        assertThat(sink.written.get(1).progress().get(P0).offset()).as("the schema change's offset is recorded with the next batch")
                .isEqualTo(2);
    }

    @Test
    void dropsABatchThatAnotherInstanceOvertookAndResumesFromTheTargetsRecord() {
        topic.appendRange(P0, 0, 10);
        ChangeApplier applier = applier(100, ALWAYS);
        offer(applier, P0, 0);
        offer(applier, P0, 1);
        // Meanwhile the instance that took the partition over applied it up to offset 6.
        sink.recorded.put(P0, new Progress(6, position(6)));
        sink.movedOnNextWrite = true;

        applier.flush();

        assertThat(sink.written).as("the overtaken batch is not written").isEmpty();
        assertThat(applier.pending().isEmpty()).isTrue();
        offer(applier, P0, 2);
        offer(applier, P0, 6);
        assertThat(applier.pending().isEmpty()).as("offsets the target has are replays now").isTrue();
        offer(applier, P0, 7);
        applier.flush();
        assertThat(sink.written).hasSize(1);
        assertThat(sink.written.get(0).progress().get(P0).offset()).isEqualTo(7);
        assertThat(sink.progressReads).as("the target's record was read again after the fence").isEqualTo(2);
    }

    @Test
    void aChangeOfAnotherPipelineStopsTheApplierBeforeAnythingOfItIsApplied() {
        topic.appendRange(P0, 0, 2); // captured by pipeline "mariadb" (the events' source)
        ChangeEvent foreign = ChangeEvent.of(Op.CREATE, "other-pipeline", ORDERS, Map.of("id", "9"), Map.of("id", "9", "status", "new"), null,
                position(2), null, null, 1);
        topic.put(P0, 2, encode(foreign));
        ChangeApplier applier = applier(100, ALWAYS).ownChangesOnly("mariadb");

        offer(applier, P0, 0);
        offer(applier, P0, 1);
        assertThatThrownBy(() -> offer(applier, P0, 2)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("pipeline 'other-pipeline', not by 'mariadb'").hasMessageContaining("kafka.topicPrefix");

        assertThat(applier.pending().received()).as("its own changes before it, not yet written").isEqualTo(2);
        assertThat(sink.written).isEmpty();
    }

    // --- helpers and fakes ---

    private ChangeApplier applier(int batchSize, ChangeApplier.FlushGuard guard) {
        return new ChangeApplier(sink, topic, batchSize, new FaultPoints(null), guard);
    }

    private void offer(ChangeApplier applier, PartitionKey p, long offset) {
        byte[][] record = topic.get(p, offset);
        applier.offer(p, offset, record[0], record[1]);
    }

    private static BinlogPosition position(long offset) {
        return new BinlogPosition("binlog.000002", 1000 + offset, 0, null);
    }

    private static ChangeEvent event(Op op, String id, String status, long offset) {
        Map<String, String> after = new LinkedHashMap<>();
        after.put("id", id);
        after.put("status", status);
        return ChangeEvent.of(op, "mariadb", ORDERS, Map.of("id", id), after, null, position(offset), null, null, 1);
    }

    private static byte[] encode(ChangeEvent e) {
        return ChangeEventCodec.encode(e);
    }

    private record Read(PartitionKey partition, long from, long to) {
    }

    private static final class FakeSink implements BatchSink {
        final List<ApplyBatch> written = new ArrayList<>();
        final Map<PartitionKey, Progress> recorded = new HashMap<>();
        SQLException failOnProgress;
        boolean movedOnNextWrite;
        int progressReads;
        boolean closed;

        final List<String> order = new ArrayList<>();

        @Override
        public void write(ApplyBatch batch) {
            if (movedOnNextWrite) {
                movedOnNextWrite = false;
                throw new PartitionMovedException(batch.progress().keySet());
            }
            written.add(batch);
            order.add("batch " + batch.changesByTable().values().stream().flatMap(List::stream).map(ApplyBatch.Entry::offset).toList());
        }

        @Override
        public void applySchema(ApplyBatch.Entry change) {
            order.add("schema " + change.offset());
        }

        @Override
        public Map<PartitionKey, Progress> recordedProgress() throws SQLException {
            progressReads++;
            if (failOnProgress != null) {
                throw failOnProgress;
            }
            return new HashMap<>(recorded);
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    /** An in-memory topic: per partition, records by offset. */
    private static final class FakeGapReader implements ChangeApplier.GapReader {
        final Map<PartitionKey, TreeMap<Long, byte[][]>> partitions = new HashMap<>();
        final List<Read> reads = new ArrayList<>();
        boolean closed;

        /** Stores one change event (a distinct row per offset) at each offset of [from, to). */
        void appendRange(PartitionKey p, long from, long to) {
            for (long o = from; o < to; o++) {
                ChangeEvent e = event(Op.CREATE, p.partition() + ":" + o, "new", o);
                put(p, o, encode(e));
                partitions.get(p).get(o)[0] = ChangeEventCodec.encodeKey(e.key());
            }
        }

        void put(PartitionKey p, long offset, byte[] value) {
            partitions.computeIfAbsent(p, k -> new TreeMap<>()).put(offset, new byte[][] {null, value});
        }

        byte[][] get(PartitionKey p, long offset) {
            return partitions.get(p).get(offset);
        }

        @Override
        public void read(PartitionKey partition, long from, long to, ChangeApplier.RecordSink sink) {
            reads.add(new Read(partition, from, to));
            partitions.getOrDefault(partition, new TreeMap<>()).subMap(from, true, to, false)
                    .forEach((offset, record) -> sink.accept(partition, offset, record[0], record[1]));
        }

        @Override
        public long beginningOffset(PartitionKey partition) {
            TreeMap<Long, byte[][]> records = partitions.get(partition);
            return records == null || records.isEmpty() ? 0 : records.firstKey();
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
