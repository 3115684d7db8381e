package io.ferry.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Capture and applier run as child JVMs and die mid-stream without any clean shutdown, either by
 * SIGKILL or by halting at a named fault point (which skips every close and shutdown hook, as
 * SIGKILL does, but at an exact place). The writer keeps writing while they are down. After a
 * restart and a drain, the target must equal the source row by row, and no target row may ever
 * have been seen at an older version than before.
 */
class CrashRecoveryIT {

    private static final int INITIAL_ROWS = 3000;
    private static final List<String> KEY = List.of("id");

    @Test
    void captureKilledWithSigkillMidStreamLosesNothing() throws Exception {
        runScenario("crash_capture_kill", (f, capture, applier) -> {
            capture[0].kill();
            return "capture";
        }, null);
    }

    @Test
    void captureDyingAfterKafkaAckBeforeOffsetCommitReplaysWithoutEffect() throws Exception {
        runScenario("crash_capture_ack", (f, capture, applier) -> {
            assertThat(capture[0].awaitExit(90)).as("capture halted at the fault point").isEqualTo(137);
            return "capture";
        }, "capture.streaming.after-kafka-ack-before-offset-commit@10");
    }

    /**
     * After a bulk load Debezium only reads the tables' structure at the cut, and the offset it stores there says that
     * its snapshot did not finish until a streaming offset is committed. CI once saw capture die in between: the restart
     * took a new snapshot at the source's position of that moment and skipped every change made meanwhile. Here the stored
     * offset is put in exactly that state (the capture log's "snapshot=INITIAL") while capture is down and the source
     * changes; the restarted capture must stream from the stored position.
     */
    @Test
    void captureRestartedOnAnOffsetOfDebeziumsUnfinishedStructureSnapshotLosesNothing() throws Exception {
        PipelineFixture f = new PipelineFixture("crash_capture_marks", "dlq", 500, 100, "", "");
        LedgerWorkload.create(f, INITIAL_ROWS);
        ChildService capture = f.spawnCapture(null);
        ChildService applier = f.spawnApplier(null);
        LedgerWorkload writer = new LedgerWorkload(f, INITIAL_ROWS);
        Thread writerThread = new Thread(writer, "crash_capture_marks-writer");
        try {
            writerThread.start();
            awaitStreaming(f, capture, applier);
            capture.terminate(60); // SIGTERM: capture stops cleanly, its offsets flushed
            java.util.Map<String, Object> stored = io.ferry.capture.bulk.DebeziumOffsets.stored(f.config);
            assertThat(stored).as("capture stored a position").isNotNull();
            java.util.Map<String, Object> marked = new java.util.LinkedHashMap<>(stored);
            marked.put("snapshot", "INITIAL");
            io.ferry.capture.bulk.DebeziumOffsets.seed(f.config, marked);
            awaitMoreWrites(writer, 200); // changes after the stored position, made while capture is down
            capture = f.spawnCapture(null);
            awaitMoreWrites(writer, 200);
            writer.stop();
            writerThread.join();
            assertThat(writer.failure()).as("writer failure").isNull();
            List<String> diff = f.awaitEqual(LedgerWorkload.TABLE, KEY, Duration.ofSeconds(120), capture, applier);
            assertThat(diff).as("target differs from source after the restart (logs %s, %s)", capture.log, applier.log).isEmpty();
            assertThat(java.nio.file.Files.readString(capture.log)).contains("had not finished there");
        } finally {
            writer.stop();
            writerThread.join(TimeUnit.SECONDS.toMillis(10));
            capture.close();
            applier.close();
        }
    }

    /**
     * Debezium runs an interrupted snapshot again from the start, at a later position; rows deleted
     * in between are in neither the new snapshot nor the stream after it. The truncate markers sent
     * ahead of every snapshot run make the target forget the first run's rows.
     */
    @Test
    void captureDyingDuringTheSnapshotLeavesNoRowsThatTheSourceDeletedMeanwhile() throws Exception {
        runScenario("crash_capture_snapshot", (f, capture, applier) -> {
            assertThat(capture[0].awaitExit(90)).as("capture halted at the fault point").isEqualTo(137);
            return "capture";
        }, "capture.snapshot.after-kafka-ack-before-offset-commit@1");
    }

    @Test
    void applierKilledWithSigkillMidStreamLosesNothing() throws Exception {
        runScenario("crash_apply_kill", (f, capture, applier) -> {
            applier[0].kill();
            return "applier";
        }, null);
    }

    @Test
    void applierDyingAfterStreamsCommittedBeforeTheDatabaseWriteLosesNothing() throws Exception {
        runScenario("crash_apply_precommit", (f, capture, applier) -> {
            applier[0] = restartWithFault(f, applier[0], "apply.before-db-commit@2");
            assertThat(applier[0].awaitExit(90)).as("applier halted at the fault point").isEqualTo(137);
            return "applier";
        }, null, "reading back");
    }

    @Test
    void applierDyingAfterTheDatabaseCommitBeforeStreamsCommitsReplaysWithoutEffect() throws Exception {
        runScenario("crash_apply_postcommit", (f, capture, applier) -> {
            applier[0] = restartWithFault(f, applier[0], "apply.after-db-commit@4");
            assertThat(applier[0].awaitExit(90)).as("applier halted at the fault point").isEqualTo(137);
            return "applier";
        }, null, "already applied to the target");
    }

    /** Stops a running applier cleanly and starts one armed to die at a fault point, mid-stream. */
    private static ChildService restartWithFault(PipelineFixture f, ChildService applier, String fault) throws Exception {
        applier.close();
        return f.spawnApplier(fault);
    }

    interface Crash {
        /** Makes one service die; returns which one ("capture" or "applier"). */
        String apply(PipelineFixture f, ChildService[] capture, ChildService[] applier) throws Exception;
    }

    private void runScenario(String name, Crash crash, String captureFault) throws Exception {
        runScenario(name, crash, captureFault, null);
    }

    /**
     * @param recoveryEvidence text the restarted service must log, showing that the recovery path the
     *                         scenario is about (reading a gap back, skipping replays) actually ran
     */
    private void runScenario(String name, Crash crash, String captureFault, String recoveryEvidence) throws Exception {
        // The snapshot scenario is about Debezium's snapshot; the bulk load's own crash test is BulkLoadIT.
        boolean debeziumSnapshot = captureFault != null && captureFault.startsWith("capture.snapshot");
        PipelineFixture f = new PipelineFixture(name, "dlq", 500, 100, "", debeziumSnapshot ? "snapshotMode: initial" : "");
        LedgerWorkload.create(f, INITIAL_ROWS);
        ChildService[] capture = {f.spawnCapture(captureFault)};
        ChildService[] applier = {f.spawnApplier(null)};
        LedgerWorkload writer = new LedgerWorkload(f, INITIAL_ROWS);
        VersionWatcher watcher = new VersionWatcher(f);
        Thread writerThread = new Thread(writer, name + "-writer");
        Thread watcherThread = new Thread(watcher, name + "-watcher");
        try {
            writerThread.start();
            watcherThread.start();
            if (captureFault == null || !captureFault.startsWith("capture.snapshot")) {
                awaitStreaming(f, capture[0], applier[0]);
            }

            String crashed = crash.apply(f, capture, applier);
            awaitMoreWrites(writer, 150); // the application keeps writing while the service is down
            if (crashed.equals("capture")) {
                capture[0] = f.spawnCapture(null);
            } else {
                applier[0] = f.spawnApplier(null);
            }
            awaitMoreWrites(writer, 400); // and while the restarted service recovers
            writer.stop();
            writerThread.join();
            assertThat(writer.failure()).as("writer failure").isNull();

            List<String> diff = f.awaitEqual(LedgerWorkload.TABLE, KEY, Duration.ofSeconds(120), capture[0], applier[0]);
            watcher.stop();
            watcherThread.join();

            assertThat(diff).as("target differs from source after %s crash (logs %s, %s)", crashed, capture[0].log, applier[0].log).isEmpty();
            assertThat(watcher.regressions()).as("rows that went back to an older version").isEmpty();
            assertThat(watcher.polls()).as("the watcher observed the target throughout").isGreaterThan(10);
            assertThat(writer.transactions()).as("the writer wrote while the pipeline ran and crashed").isGreaterThan(200);
            if (recoveryEvidence != null) {
                assertThat(java.nio.file.Files.readString(applier[0].log)).as("restarted applier's log %s", applier[0].log)
                        .contains(recoveryEvidence);
            }
            try (var logs = java.nio.file.Files.list(f.sandbox.directory())) {
                for (var log : logs.filter(l -> l.getFileName().toString().startsWith(name + "-")).toList()) {
                    assertThat(java.nio.file.Files.readString(log)).as("log %s", log).doesNotContain(PipelineFixture.PASSWORD);
                }
            }
        } finally {
            writer.stop();
            watcher.stop();
            writerThread.join(TimeUnit.SECONDS.toMillis(10));
            capture[0].close();
            applier[0].close();
        }
    }

    static void awaitMoreWrites(LedgerWorkload writer, long more) {
        long target = writer.transactions() + more;
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(120))
                .until(() -> writer.transactions() >= target || writer.failure() != null);
    }

    /** Waits until the snapshot is in the target and streamed changes are arriving. */
    static void awaitStreaming(PipelineFixture f, ChildService capture, ChildService applier) {
        try {
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(300)).until(() -> {
                try (var c = f.target(); var s = c.createStatement();
                     var rs = s.executeQuery("SELECT count(*), coalesce(max(version), 0) FROM app.ledger")) {
                    rs.next();
                    return rs.getLong(1) >= INITIAL_ROWS / 2 && rs.getInt(2) > 1;
                } catch (java.sql.SQLException e) {
                    return false; // the schema appears when the fixture created it; keep polling
                }
            });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("the pipeline did not start streaming within 120 s; capture log:\n" + capture.tail()
                    + "\napplier log:\n" + applier.tail(), e);
        }
    }
}
