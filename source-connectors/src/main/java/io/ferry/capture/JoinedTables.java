package io.ferry.capture;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ferry.core.config.PipelineConfig;
import io.ferry.core.schema.TableId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Tables that join a running pipeline (its table list grew): Debezium streams from its stored offset and would
 * never read their existing rows, so capture asks it for a blocking snapshot of just those tables, through
 * Debezium's file signal channel (no signalling table on the source, which may be read-only to Ferry). Debezium
 * pauses streaming, reads the tables' rows, and resumes streaming where it paused; the applier's upserts absorb the
 * overlap.
 */
final class JoinedTables {

    private static final ObjectMapper JSON = new ObjectMapper();

    private JoinedTables() {
    }

    /** The tables of {@code now} that {@code before} did not have, in {@code now}'s order. */
    static List<TableId> of(List<TableId> now, List<TableId> before) {
        Set<TableId> had = new HashSet<>(before);
        return now.stream().filter(t -> !had.contains(t)).toList();
    }

    /** A new signal file holding one {@code execute-snapshot} signal (blocking) for {@code tables}. */
    static Path signalBlockingSnapshot(PipelineConfig config, List<TableId> tables) {
        try {
            Path file = Files.createTempFile("ferry-signal-" + config.name() + "-", ".jsonl");
            Files.writeString(file, signal(config.name() + "-joined-" + System.currentTimeMillis(), tables) + "\n", StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the signal file for the snapshot of the tables that joined pipeline "
                    + config.name() + ": " + e.getMessage(), e);
        }
    }

    /** One line of Debezium's file signal channel: {@code {"id":..,"type":"execute-snapshot","data":{..}}}. */
    static String signal(String id, List<TableId> tables) {
        ObjectNode signal = JSON.createObjectNode();
        signal.put("id", id);
        signal.put("type", "execute-snapshot");
        ObjectNode data = signal.putObject("data");
        data.put("type", "blocking");
        var collections = data.putArray("data-collections");
        // Debezium matches these as regular expressions against each table's name: quoted, as table.include.list is.
        tables.forEach(t -> collections.add(java.util.regex.Pattern.quote(t.schema()) + "\\." + java.util.regex.Pattern.quote(t.table())));
        return signal.toString();
    }

    /** The connector properties that make Debezium read signals from {@code file}. */
    static Map<String, String> signalProperties(Path file) {
        return Map.of("signal.enabled.channels", "file", "signal.file", file.toString(), "signal.poll.interval.ms", "500");
    }
}
