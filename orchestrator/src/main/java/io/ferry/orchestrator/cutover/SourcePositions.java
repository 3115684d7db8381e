package io.ferry.orchestrator.cutover;

import io.ferry.orchestrator.pipeline.MariaDbGtids;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Has capture reached a watermark? Compares capture's Debezium offset with the three watermark forms
 * {@link SourceWatermark} reads: a MariaDB GTID list ({@code 0-1-42,1-1-7}), a MySQL GTID set
 * ({@code 3e11fa47-...:1-5:7-9,...}) and a binlog file and position ({@code binlog.000003:1234}). Pure.
 */
public final class SourcePositions {

    private static final Pattern BINLOG = Pattern.compile("(.+)\\.(\\d+):(\\d+)");
    private static final Pattern UUID_PART = Pattern.compile("[0-9a-fA-F-]{36}:.*");

    private SourcePositions() {
    }

    public static boolean reached(Map<String, ?> offset, String watermark) {
        String w = watermark.trim();
        if (w.isEmpty()) {
            return true; // nothing was ever written to the binlog: nothing to wait for
        }
        if (offset.containsKey("lsn")) {
            return io.ferry.orchestrator.pipeline.CatchUp.lsnReached(offset, w);
        }
        Matcher binlog = BINLOG.matcher(w);
        if (!w.contains(",") && binlog.matches() && !UUID_PART.matcher(w).matches()) {
            Object file = offset.get("file");
            Object pos = offset.get("pos");
            if (file == null || pos == null) {
                return false;
            }
            Matcher at = BINLOG.matcher(file + ":" + pos);
            if (!at.matches() || !at.group(1).equals(binlog.group(1))) {
                return false;
            }
            int byFile = Long.compare(Long.parseLong(at.group(2)), Long.parseLong(binlog.group(2)));
            return byFile > 0 || byFile == 0 && Long.parseLong(at.group(3)) >= Long.parseLong(binlog.group(3));
        }
        Object gtids = offset.get("gtids");
        if (gtids == null) {
            return false;
        }
        return w.contains(":") ? mysqlCovers(gtids.toString(), w) : MariaDbGtids.covers(gtids.toString(), w);
    }

    /** Whether the MySQL GTID set {@code reached} contains every transaction of {@code target}. */
    public static boolean mysqlCovers(String reached, String target) {
        Map<String, List<long[]>> have = parseMySql(reached);
        for (var e : parseMySql(target).entrySet()) {
            List<long[]> intervals = have.getOrDefault(e.getKey(), List.of());
            for (long[] need : e.getValue()) {
                if (intervals.stream().noneMatch(i -> i[0] <= need[0] && need[1] <= i[1])) {
                    return false;
                }
            }
        }
        return true;
    }

    static Map<String, List<long[]>> parseMySql(String set) {
        Map<String, List<long[]>> m = new HashMap<>();
        for (String part : set.replace("\n", "").split(",")) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            String[] f = p.split(":");
            if (f.length < 2) {
                throw new IllegalArgumentException("not a MySQL GTID set member (uuid:interval[:interval...]): '" + p + "'");
            }
            List<long[]> intervals = m.computeIfAbsent(f[0].toLowerCase(java.util.Locale.ROOT), k -> new ArrayList<>());
            for (int i = 1; i < f.length; i++) {
                String[] r = f[i].split("-");
                try {
                    long lo = Long.parseLong(r[0]);
                    intervals.add(new long[] {lo, r.length > 1 ? Long.parseLong(r[1]) : lo});
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("not a MySQL GTID interval: '" + f[i] + "' in '" + p + "'", e);
                }
            }
        }
        return m;
    }
}
