package io.ferry.orchestrator.lag;

import io.ferry.core.schema.TableId;
import io.ferry.core.topic.TopicNames;
import io.ferry.orchestrator.status.PipelineStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A snapshot of {@link TableLags}: per table and overall, the lag percentiles of the window and, when a
 * {@link PipelineStatus} was at hand, the change records written to Kafka and not yet applied. Records, so it
 * serialises with Jackson as it is ({@code ferry status --json}).
 *
 * @param atMillis      when the snapshot was taken
 * @param windowMillis  the length of the sliding window
 * @param overall       every applied row of the pipeline
 * @param recordsBehind change records not yet applied, all tables; -1 when unknown
 * @param tables        per table, in table order
 */
public record LagReport(long atMillis, long windowMillis, LagStats overall, long recordsBehind, List<TableLag> tables) {

    /** One table; {@code recordsBehind} -1 when unknown. */
    public record TableLag(TableId table, LagStats lag, long recordsBehind) {
    }

    public LagReport {
        tables = List.copyOf(tables);
    }

    /**
     * This report with records behind per table from a status read by {@code ferry status}: the partitions of each
     * table's change topic ({@link TopicNames#changeTopic}), summed. A table whose topic the status does not list
     * stays unknown (-1).
     */
    public LagReport withRecordsBehind(PipelineStatus status, String topicPrefix) {
        Map<String, Long> behindByTopic = new HashMap<>();
        status.partitions().forEach(p -> behindByTopic.merge(p.topic(), p.behind(), Long::sum));
        List<TableLag> withBehind = new ArrayList<>();
        for (TableLag t : tables) {
            Long behind = behindByTopic.get(TopicNames.changeTopic(topicPrefix, t.table()));
            withBehind.add(new TableLag(t.table(), t.lag(), behind == null ? -1 : behind));
        }
        return new LagReport(atMillis, windowMillis, overall, status.lagRecords(), withBehind);
    }

    /** For people: one line overall, then one per table. */
    public List<String> lines() {
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "lag over the last %d s: %s%s", windowMillis / 1000, overall.describe(),
                behind(recordsBehind)));
        for (TableLag t : tables) {
            lines.add("  " + t.table() + ": " + t.lag().describe() + behind(t.recordsBehind()));
        }
        return lines;
    }

    public String text() {
        return String.join("\n", lines()) + "\n";
    }

    private static String behind(long records) {
        return records < 0 ? "" : String.format(Locale.ROOT, "; %,d records behind", records);
    }
}
