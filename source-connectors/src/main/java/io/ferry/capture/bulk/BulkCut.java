package io.ferry.capture.bulk;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The source position a bulk copy's rows are consistent with: the binlog file and position and the GTID position
 * reached by every transaction the copy sees, and nothing after them.
 *
 * @param file           binlog file
 * @param pos            byte offset in it of the first event after the cut
 * @param gtids          GTID position at the cut (MariaDB {@code domain-server-seq,...}, MySQL {@code uuid:1-5,...}), or null/empty when the source has none
 * @param writesBlockedMs how long writes to the source were blocked to take the cut (0 without the global read lock)
 * @param method         how the cut was taken, for the log
 */
public record BulkCut(String file, long pos, String gtids, long writesBlockedMs, String method) {

    public BulkCut {
        if (file == null || file.isBlank()) {
            throw new IllegalArgumentException("a cut needs a binlog file; is the binary log enabled on the source (log_bin)?");
        }
        if (pos < 4) {
            throw new IllegalArgumentException("not a binlog position: " + file + ":" + pos);
        }
        gtids = gtids == null || gtids.isBlank() ? null : gtids.trim();
    }

    /**
     * The cut as Debezium's MariaDB/MySQL connector stores its offset after a completed snapshot: streaming resumes at
     * {@code file:pos}, or with GTIDs after the transactions of {@code gtids}, skipping no event and no row.
     */
    public Map<String, Object> debeziumOffset() {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("file", file);
        o.put("pos", pos);
        if (gtids != null) {
            o.put("gtids", gtids);
        }
        o.put("event", 0L);
        o.put("row", 0L);
        return o;
    }

    public String describe() {
        return file + ":" + pos + (gtids == null ? "" : " gtids=" + gtids);
    }
}
