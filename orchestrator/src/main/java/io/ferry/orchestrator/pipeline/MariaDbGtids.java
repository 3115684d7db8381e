package io.ferry.orchestrator.pipeline;

import java.util.HashMap;
import java.util.Map;

/**
 * MariaDB GTID positions ({@code domain-server-sequence}, comma-separated, one per domain) and the
 * question drains ask of them: has capture reached the source's position in every domain?
 */
public final class MariaDbGtids {

    private MariaDbGtids() {
    }

    /** The highest sequence number per replication domain. */
    public static Map<Long, Long> parse(String gtidList) {
        Map<Long, Long> m = new HashMap<>();
        if (gtidList == null || gtidList.isBlank()) {
            return m;
        }
        for (String part : gtidList.split(",")) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            String[] f = p.split("-");
            if (f.length != 3) {
                throw new IllegalArgumentException("not a MariaDB GTID (domain-server-sequence): '" + p + "'");
            }
            try {
                m.merge(Long.parseLong(f[0]), Long.parseUnsignedLong(f[2]), (a, b) -> Long.compareUnsigned(a, b) >= 0 ? a : b);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a MariaDB GTID (domain-server-sequence, numbers): '" + p + "'", e);
            }
        }
        return m;
    }

    /** Whether {@code reached} is at or past {@code target} in every domain of {@code target}. */
    public static boolean covers(String reached, String target) {
        Map<Long, Long> have = parse(reached);
        for (var e : parse(target).entrySet()) {
            Long h = have.get(e.getKey());
            if (h == null || Long.compareUnsigned(h, e.getValue()) < 0) {
                return false;
            }
        }
        return true;
    }
}
