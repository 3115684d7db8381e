package io.ferry.core.topic;

import io.ferry.core.schema.TableId;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

/** Names of Ferry's Kafka topics, in one place. */
public final class TopicNames {

    public static final String OFFSETS = "_ferry.offsets";
    public static final String SCHEMA_HISTORY = "_ferry.schema-history";
    public static final String CATALOG = "_ferry.catalog";
    public static final String MIGRATIONS = "_ferry.migrations";
    public static final String DLQ = "_ferry.dlq";

    private static final Pattern LEGAL = Pattern.compile("[A-Za-z0-9_-]+");
    private static final int MAX_TOPIC_LENGTH = 249;

    private TopicNames() {
    }

    /**
     * The change topic of a table: {@code <prefix>.<schema>.<table>}. Kafka allows only
     * {@code [A-Za-z0-9._-]} in topic names; a part with other characters (or a dot, which would make
     * the name ambiguous) is rewritten with {@code _} and given a short hash of its original spelling,
     * so two different tables never share a topic.
     */
    public static String changeTopic(String prefix, TableId table) {
        if (!LEGAL.matcher(prefix).matches()) {
            throw new IllegalArgumentException("topic prefix '" + prefix + "' may only contain A-Z a-z 0-9 _ -");
        }
        String name = prefix + "." + part(table.schema()) + "." + part(table.table());
        if (name.length() > MAX_TOPIC_LENGTH) {
            String h = hash(table.toString());
            name = name.substring(0, MAX_TOPIC_LENGTH - h.length() - 1) + "_" + h;
        }
        return name;
    }

    /** A regular expression that matches every change topic of a prefix and no internal topic. */
    public static Pattern changeTopicPattern(String prefix) {
        return Pattern.compile(Pattern.quote(prefix) + "\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");
    }

    private static String part(String s) {
        if (!s.isEmpty() && LEGAL.matcher(s).matches()) {
            return s;
        }
        return s.replaceAll("[^A-Za-z0-9_-]", "_") + "_" + hash(s);
    }

    private static String hash(String s) {
        CRC32 crc = new CRC32();
        crc.update(s.getBytes(StandardCharsets.UTF_8));
        return Long.toHexString(crc.getValue());
    }
}
