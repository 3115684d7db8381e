package io.ferry.validator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The finished part of a validation run, written after every segment (to a temporary file, then
 * moved into place) so that a run that crashed continues from its last finished segment with the
 * same plan and reaches the same verdict.
 */
final class Checkpoint {

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    /** One table: its segment plan, source row count, and the verdict of each finished segment. */
    record TableState(List<KeyRange> segments, long sourceRows, Map<Integer, SegmentVerdict> finished, TableReport report) {
    }

    /** A finished segment: rows on each side and the differences found in it. */
    record SegmentVerdict(long sourceRows, long targetRows, List<Difference> differences) {
    }

    record State(Map<String, TableState> tables) {
    }

    private final Path file;
    private final Map<String, TableState> tables = new LinkedHashMap<>();

    private Checkpoint(Path file) {
        this.file = file;
    }

    static Checkpoint open(Path file) {
        Checkpoint c = new Checkpoint(file);
        if (file != null && Files.exists(file)) {
            try {
                c.tables.putAll(JSON.readValue(Files.readString(file), State.class).tables());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read validation checkpoint " + file, e);
            }
        }
        return c;
    }

    synchronized TableState table(String name) {
        return tables.get(name);
    }

    synchronized void plan(String name, List<KeyRange> segments, long sourceRows) {
        tables.put(name, new TableState(segments, sourceRows, new TreeMap<>(), null));
        save();
    }

    synchronized void finished(String name, int segment, SegmentVerdict verdict) {
        TableState t = tables.get(name);
        Map<Integer, SegmentVerdict> done = new TreeMap<>(t.finished());
        done.put(segment, verdict);
        tables.put(name, new TableState(t.segments(), t.sourceRows(), done, null));
        save();
    }

    synchronized void report(String name, TableReport report) {
        TableState t = tables.get(name);
        tables.put(name, new TableState(t == null ? report.segments() : t.segments(), t == null ? 0 : t.sourceRows(),
                t == null ? Map.of() : t.finished(), report));
        save();
    }

    private void save() {
        if (file == null) {
            return;
        }
        try {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, JSON.writeValueAsString(new State(new LinkedHashMap<>(tables))));
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write validation checkpoint " + file, e);
        }
    }

    static List<Difference> all(Map<Integer, SegmentVerdict> finished) {
        List<Difference> out = new ArrayList<>();
        finished.values().forEach(v -> out.addAll(v.differences()));
        return out;
    }
}
