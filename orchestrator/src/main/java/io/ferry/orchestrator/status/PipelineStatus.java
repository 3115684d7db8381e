package io.ferry.orchestrator.status;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * Where a pipeline stands, read from outside its processes: capture's stored source offset against
 * the source's head, the applier's offsets recorded in the target against the end of every change
 * partition, and the dead letters of the pipeline. Pure data; {@link PipelineStatusReader} reads it.
 *
 * @param pipeline          the pipeline's name
 * @param sourceHead        the source's current log position (MariaDB GTID position), or null if unreadable
 * @param captureOffset     capture's newest stored Debezium offset (empty before capture stored one)
 * @param captureOffsetAgeMillis how long ago capture stored that offset, or -1
 * @param captureCoversHead whether capture has delivered everything up to {@code sourceHead}
 * @param partitions        per change partition: applied and end offsets
 * @param deadLetters       records of this pipeline parked in the dead-letter topic and not replayed, or -1 if unknown
 * @param migration         the migration's phase, routing and last cutover, or null when no coordinator registered one
 * @param problems          what could not be read (an unreachable database or broker), for the reader
 */
public record PipelineStatus(String pipeline, String sourceHead, Map<String, Object> captureOffset,
        long captureOffsetAgeMillis, boolean captureCoversHead, List<Partition> partitions, long deadLetters,
        Migration migration, List<String> problems) {

    public PipelineStatus {
        captureOffset = Map.copyOf(captureOffset);
        partitions = List.copyOf(partitions);
        problems = List.copyOf(problems);
    }

    /**
     * One change partition.
     *
     * @param applied           the next offset the applier will apply (what the target records, plus one), 0 if none
     * @param end               the partition's end offset
     * @param oldestUnappliedAgeMillis age of the oldest change not yet applied (from its source commit time), 0 when none
     */
    public record Partition(String topic, int partition, long applied, long end, long oldestUnappliedAgeMillis) {

        @JsonProperty
        public long behind() {
            return Math.max(0, end - applied);
        }
    }

    /**
     * The migration as the coordinator keeps it in the target.
     *
     * @param lastCutover the last cutover: outcome, reason and freeze time (null when none ran)
     */
    public record Migration(String phase, long epoch, String routeSide, long routeVersion, String updatedAt, LastCutover lastCutover) {
    }

    /** @param freezeMillis source writes frozen, from the freeze to the flip or the abort; null when nothing froze */
    public record LastCutover(String outcome, String reason, Long freezeMillis, String startedAt) {
    }

    /** Change records written to Kafka and not yet applied to the target. */
    @JsonProperty
    public long lagRecords() {
        return partitions.stream().mapToLong(Partition::behind).sum();
    }

    /** Age of the oldest change not yet applied, in milliseconds: 0 when the target has every record. */
    @JsonProperty
    public long lagMillis() {
        return partitions.stream().mapToLong(Partition::oldestUnappliedAgeMillis).max().orElse(0);
    }

    /** Whether the target has every change the source had when the status was read. */
    @JsonProperty
    public boolean caughtUp() {
        return problems.isEmpty() && captureCoversHead && lagRecords() == 0;
    }
}
