package io.ferry.core.event;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A MariaDB GTID position, as {@code @@gtid_binlog_pos} and Debezium's {@code gtids} offset print it: one
 * {@code domain-server-sequence} per replication domain, comma-separated ({@code 0-1-42,1-2-7}). Sequence numbers
 * are unsigned 64-bit and grow within a domain whatever server wrote them; domains are independent, so one position
 * covers another when it is at or past it in every domain of the other. When a list names a domain twice, the highest
 * sequence counts. Pure and immutable.
 */
public final class MariaDbGtidPosition implements LogPosition {

    /** One domain's last transaction. */
    public record Gtid(long domain, long server, long sequence) {
        @Override
        public String toString() {
            return Long.toUnsignedString(domain) + "-" + Long.toUnsignedString(server) + "-" + Long.toUnsignedString(sequence);
        }
    }

    private static final MariaDbGtidPosition EMPTY = new MariaDbGtidPosition(Map.of());

    private final Map<Long, Gtid> domains;

    private MariaDbGtidPosition(Map<Long, Gtid> domains) {
        this.domains = domains;
    }

    public static MariaDbGtidPosition empty() {
        return EMPTY;
    }

    /**
     * Reads a GTID list; blank (a server that has logged no GTID yet) is the empty position.
     *
     * @throws IllegalArgumentException naming the member that is not {@code domain-server-sequence} in numbers
     */
    public static MariaDbGtidPosition parse(String text) {
        if (text == null || text.isBlank()) {
            return EMPTY;
        }
        Map<Long, Gtid> m = new TreeMap<>(Long::compareUnsigned);
        for (String part : text.split(",")) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            String[] f = p.split("-", -1);
            if (f.length != 3) {
                throw new IllegalArgumentException("not a MariaDB GTID (domain-server-sequence, e.g. 0-1-42): '" + p + "' in '"
                        + text.strip() + "'");
            }
            Gtid g;
            try {
                g = new Gtid(uint32(f[0]), uint32(f[1]), Long.parseUnsignedLong(f[2]));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a MariaDB GTID (domain-server-sequence, in numbers): '" + p + "' in '"
                        + text.strip() + "'", e);
            }
            m.merge(g.domain(), g, (a, b) -> Long.compareUnsigned(a.sequence(), b.sequence()) >= 0 ? a : b);
        }
        return new MariaDbGtidPosition(Collections.unmodifiableMap(m));
    }

    private static long uint32(String s) {
        long v = Long.parseLong(s);
        if (v < 0 || v > 0xFFFFFFFFL) {
            throw new NumberFormatException("out of range for an unsigned 32-bit number: " + s);
        }
        return v;
    }

    /** The highest sequence number per domain (unsigned). */
    public Map<Long, Long> sequences() {
        Map<Long, Long> m = new TreeMap<>();
        domains.forEach((d, g) -> m.put(d, g.sequence()));
        return m;
    }

    public boolean isEmpty() {
        return domains.isEmpty();
    }

    @Override
    public boolean covers(LogPosition other) {
        if (!(other instanceof MariaDbGtidPosition o)) {
            throw LogPosition.incomparable(this, other);
        }
        for (Gtid need : o.domains.values()) {
            Gtid have = domains.get(need.domain());
            if (have == null || Long.compareUnsigned(have.sequence(), need.sequence()) < 0) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String text() {
        return domains.values().stream().map(Gtid::toString).collect(Collectors.joining(","));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MariaDbGtidPosition p && p.domains.equals(domains);
    }

    @Override
    public int hashCode() {
        return Objects.hash(domains);
    }

    @Override
    public String toString() {
        return text();
    }
}
