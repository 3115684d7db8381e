package io.ferry.core.event;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A MySQL GTID set, as {@code @@GLOBAL.gtid_executed} and Debezium's {@code gtids} offset print it:
 * {@code uuid:1-5:7,uuid2:1-3}, members separated by commas (and line breaks), each a server UUID with one or more
 * transaction intervals. MySQL 8.3's tagged GTIDs ({@code uuid:tag:1-5}) are sets of their own per tag. The order
 * between sets is containment: a set covers another when it holds every transaction of it. Intervals are merged on
 * parsing ({@code 1-3:4-6} is {@code 1-6}), so equal sets have equal {@link #text()}. Pure and immutable.
 */
public final class MySqlGtidSet implements LogPosition {

    private static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Pattern TAG = Pattern.compile("[a-z_][a-z0-9_]{0,31}");
    private static final MySqlGtidSet EMPTY = new MySqlGtidSet(Map.of());

    /** One run of transaction numbers, both ends included. */
    public record Interval(long first, long last) {
        public Interval {
            if (first < 1 || last < first) {
                throw new IllegalArgumentException("a GTID interval runs from 1 up: " + first + "-" + last);
            }
        }

        boolean contains(Interval o) {
            return first <= o.first && o.last <= last;
        }

        @Override
        public String toString() {
            return first == last ? Long.toString(first) : first + "-" + last;
        }
    }

    /** Per source ({@code uuid} or {@code uuid:tag}), its merged intervals in order. */
    private final Map<String, List<Interval>> sources;

    private MySqlGtidSet(Map<String, List<Interval>> sources) {
        this.sources = sources;
    }

    public static MySqlGtidSet empty() {
        return EMPTY;
    }

    /**
     * Reads a GTID set; blank (a server that has logged no GTID yet) is the empty set.
     *
     * @throws IllegalArgumentException naming the member that is not {@code uuid[:tag]:interval[:interval...]}
     */
    public static MySqlGtidSet parse(String text) {
        if (text == null || text.isBlank()) {
            return EMPTY;
        }
        Map<String, List<Interval>> raw = new TreeMap<>();
        for (String part : text.replace("\n", "").replace("\r", "").split(",")) {
            String member = part.trim();
            if (member.isEmpty()) {
                continue;
            }
            String[] f = member.split(":");
            String uuid = f[0].trim().toLowerCase(Locale.ROOT);
            if (f.length < 2 || !UUID.matcher(uuid).matches()) {
                throw bad(member, text, "expected uuid:interval[:interval...], e.g. 3e11fa47-71ca-11e1-9e33-c80aa9429562:1-5");
            }
            String source = uuid;
            for (int i = 1; i < f.length; i++) {
                String item = f[i].trim();
                if (!item.isEmpty() && !Character.isDigit(item.charAt(0))) {
                    String tag = item.toLowerCase(Locale.ROOT);
                    if (!TAG.matcher(tag).matches()) {
                        throw bad(member, text, "'" + item + "' is neither a transaction interval (n or n-m) nor a GTID tag");
                    }
                    source = uuid + ":" + tag;
                    if (i == f.length - 1) {
                        throw bad(member, text, "tag " + item + " has no transaction interval");
                    }
                    continue;
                }
                raw.computeIfAbsent(source, k -> new ArrayList<>()).add(interval(item, member, text));
            }
        }
        Map<String, List<Interval>> merged = new TreeMap<>();
        raw.forEach((source, intervals) -> merged.put(source, merge(intervals)));
        return new MySqlGtidSet(Collections.unmodifiableMap(merged));
    }

    private static Interval interval(String item, String member, String text) {
        String[] r = item.split("-", -1);
        try {
            if (r.length == 1) {
                long n = Long.parseLong(r[0]);
                return new Interval(n, n);
            }
            if (r.length == 2) {
                return new Interval(Long.parseLong(r[0]), Long.parseLong(r[1]));
            }
        } catch (NumberFormatException e) {
            throw bad(member, text, "'" + item + "' is not a transaction interval (n or n-m)");
        } catch (IllegalArgumentException e) {
            throw bad(member, text, e.getMessage());
        }
        throw bad(member, text, "'" + item + "' is not a transaction interval (n or n-m)");
    }

    private static List<Interval> merge(List<Interval> intervals) {
        List<Interval> sorted = new ArrayList<>(intervals);
        sorted.sort((a, b) -> Long.compare(a.first(), b.first()));
        List<Interval> out = new ArrayList<>();
        for (Interval i : sorted) {
            Interval last = out.isEmpty() ? null : out.get(out.size() - 1);
            if (last != null && i.first() <= last.last() + 1) {
                out.set(out.size() - 1, new Interval(last.first(), Math.max(last.last(), i.last())));
            } else {
                out.add(i);
            }
        }
        return List.copyOf(out);
    }

    private static IllegalArgumentException bad(String member, String text, String why) {
        return new IllegalArgumentException("not a MySQL GTID set member: '" + member + "' in '" + text.strip() + "': " + why);
    }

    /** Whether this set holds every transaction of {@code other}. */
    public boolean containsAll(MySqlGtidSet other) {
        for (var e : other.sources.entrySet()) {
            List<Interval> have = sources.getOrDefault(e.getKey(), List.of());
            for (Interval need : e.getValue()) {
                if (have.stream().noneMatch(h -> h.contains(need))) {
                    return false;
                }
            }
        }
        return true;
    }

    @Override
    public boolean covers(LogPosition other) {
        if (!(other instanceof MySqlGtidSet o)) {
            throw LogPosition.incomparable(this, other);
        }
        return containsAll(o);
    }

    public boolean isEmpty() {
        return sources.isEmpty();
    }

    /** The server UUIDs (with their tags) this set has transactions of. */
    public java.util.Set<String> sources() {
        return sources.keySet();
    }

    /** {@code uuid:1-5:7,uuid2:1-3}, sources in order; tagged members as {@code uuid:tag:1-5}. */
    @Override
    public String text() {
        return sources.entrySet().stream()
                .map(e -> e.getKey() + ":" + e.getValue().stream().map(Interval::toString).collect(Collectors.joining(":")))
                .collect(Collectors.joining(","));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MySqlGtidSet s && s.sources.equals(sources);
    }

    @Override
    public int hashCode() {
        return Objects.hash(sources);
    }

    @Override
    public String toString() {
        return text();
    }
}
