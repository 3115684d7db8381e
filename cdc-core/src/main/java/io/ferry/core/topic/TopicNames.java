package io.ferry.core.topic;

import io.ferry.core.config.PipelineConfig;
import io.ferry.core.config.TablesConfig;
import io.ferry.core.schema.TableId;
import java.util.List;
import java.util.stream.Collectors;
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

    /**
     * A regular expression that matches every change topic of a prefix and no internal topic: the topics of every
     * pipeline that shares the prefix. What one pipeline consumes is {@link #pipelineTopicPattern}.
     */
    public static Pattern changeTopicPattern(String prefix) {
        return Pattern.compile(Pattern.quote(prefix) + "\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");
    }

    /**
     * The change topics of one pipeline: those of its prefix, its source database (or PostgreSQL schema) and the tables
     * its {@code tables} patterns select. Several pipelines share one Kafka cluster and, by default, one prefix; a
     * pipeline that consumed every topic of the prefix would apply the other pipelines' rows into its own target.
     * A pattern (not a list) so that tables created later are picked up when they match.
     */
    public static Pattern pipelineTopicPattern(PipelineConfig config) {
        return pipelineTopicPattern(config.kafka().topicPrefix(), config.source().namespace(), config.tables());
    }

    /**
     * The change topics of the tables of {@code namespace} that {@code tables} selects, as {@link #changeTopic} names
     * them. A table name with characters Kafka does not allow is rewritten in its topic with a hash suffix, which no
     * pattern can undo: an include glob with such a character must meet a rewritten name, and one with a wildcard may
     * (so a rewritten table is never left behind); an exclude glob applies to names as written, and one with such a
     * character is left out (the table it excludes is not captured anyway).
     */
    public static Pattern pipelineTopicPattern(String prefix, String namespace, TablesConfig tables) {
        if (!LEGAL.matcher(prefix).matches()) {
            throw new IllegalArgumentException("topic prefix '" + prefix + "' may only contain A-Z a-z 0-9 _ -");
        }
        String include = alternatives(tables.include(), true);
        // An exclusion with a rewritten character cannot be told from a legal name that looks alike: left out, so that
        // no table the pipeline carries is ever excluded (capture does not produce the excluded one anyway).
        List<String> excludes = tables.exclude().stream().filter(g -> g.chars().allMatch(c -> c == '*' || c == '?' || legal((char) c))).toList();
        String exclude = excludes.isEmpty() ? "" : "(?!" + alternatives(excludes, false) + "$)";
        return Pattern.compile(Pattern.quote(prefix) + "\\." + Pattern.quote(part(namespace)) + "\\." + exclude + include);
    }

    private static String alternatives(List<String> globs, boolean include) {
        return globs.stream().map(g -> globRegex(g, include)).collect(Collectors.joining("|", "(?:", ")"));
    }

    /**
     * A table glob ({@code *}, {@code ?}) as a regular expression over the table part of a topic name.
     *
     * @param include whether the glob includes (then a wildcard may stand for rewritten characters, and the name may
     *                carry the hash suffix) or excludes (then only the name as written)
     */
    static String globRegex(String glob, boolean include) {
        StringBuilder re = new StringBuilder();
        boolean wildcard = false;
        boolean rewritten = false;
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*') {
                re.append("[A-Za-z0-9_-]*");
                wildcard = true;
            } else if (c == '?') {
                re.append("[A-Za-z0-9_-]");
                wildcard = true;
            } else if (legal(c)) {
                re.append(c); // none of A-Z a-z 0-9 _ - is special outside a character class
            } else {
                re.append('_');
                rewritten = true;
            }
        }
        if (rewritten) {
            re.append(SUFFIX);
        } else if (wildcard && include && !glob.endsWith("*")) {
            re.append("(?:").append(SUFFIX).append(")?");
        }
        return re.toString();
    }

    private static boolean legal(char c) {
        return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '-';
    }

    /** The hash suffix {@link #part} gives a rewritten name. */
    private static final String SUFFIX = "_[0-9a-f]{1,8}";

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
