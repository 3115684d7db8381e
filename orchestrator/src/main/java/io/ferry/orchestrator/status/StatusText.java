package io.ferry.orchestrator.status;

import java.util.Map;
import java.util.TreeMap;

/** Renders a {@link PipelineStatus} for people: capture, apply, lag and dead letters, one block each. */
public final class StatusText {

    private StatusText() {
    }

    public static String render(PipelineStatus s) {
        StringBuilder sb = new StringBuilder();
        sb.append("pipeline ").append(s.pipeline()).append(": ").append(s.caughtUp() ? "caught up" : "behind or unknown").append('\n');
        sb.append("  source head        ").append(s.sourceHead() == null ? "unknown" : s.sourceHead()).append('\n');
        if (s.captureOffset().isEmpty()) {
            sb.append("  capture            no stored position yet\n");
        } else {
            sb.append("  capture            ").append(describe(s.captureOffset()))
                    .append(s.captureOffsetAgeMillis() >= 0 ? ", stored " + seconds(s.captureOffsetAgeMillis()) + " ago" : "")
                    .append(s.captureCoversHead() ? " (has the source head)" : " (behind the source head)").append('\n');
        }
        sb.append(String.format("  apply              %,d records behind, oldest unapplied change %s old%n", s.lagRecords(),
                seconds(s.lagMillis())));
        for (PipelineStatus.Partition p : s.partitions()) {
            sb.append(String.format("    %s[%d]  applied %,d of %,d", p.topic(), p.partition(), p.applied(), p.end()));
            if (p.behind() > 0) {
                sb.append(String.format("  (%,d behind, oldest %s)", p.behind(),
                        p.oldestUnappliedAgeMillis() < 0 ? "unreadable" : seconds(p.oldestUnappliedAgeMillis())));
            }
            sb.append('\n');
        }
        PipelineStatus.Migration m = s.migration();
        if (m == null) {
            sb.append("  migration          none registered (no coordinator has run)\n");
        } else {
            sb.append("  migration          ").append(m.phase()).append(" (epoch ").append(m.epoch()).append("), route ")
                    .append(m.routeSide()).append(" v").append(m.routeVersion()).append(", since ").append(m.updatedAt()).append('\n');
            if (m.lastCutover() != null) {
                PipelineStatus.LastCutover c = m.lastCutover();
                sb.append("  last cutover       ").append(c.outcome()).append(" at ").append(c.startedAt())
                        .append(c.freezeMillis() == null ? "" : ", source frozen " + c.freezeMillis() + " ms")
                        .append(c.reason() == null ? "" : ": " + c.reason()).append('\n');
            }
        }
        sb.append("  dead letters       ").append(s.deadLetters() < 0 ? "unknown" : String.format("%,d parked, not replayed", s.deadLetters()))
                .append(s.deadLetters() > 0 ? " (ferry dlq list; a cutover is refused until they are replayed)" : "").append('\n');
        for (String problem : s.problems()) {
            sb.append("  problem            ").append(problem).append('\n');
        }
        return sb.toString();
    }

    /** Debezium's offset, ordered, without the bookkeeping fields that say nothing to a reader. */
    static String describe(Map<String, Object> offset) {
        Map<String, Object> shown = new TreeMap<>(offset);
        shown.keySet().removeIf(k -> k.equals("ts_sec") || k.equals("row") || k.equals("event") || k.equals("server_id"));
        Object snapshot = shown.remove("snapshot");
        return shown + (snapshot != null && !"false".equalsIgnoreCase(snapshot.toString()) ? " in snapshot" : "");
    }

    static String seconds(long millis) {
        return String.format("%.1f s", millis / 1000.0);
    }
}
