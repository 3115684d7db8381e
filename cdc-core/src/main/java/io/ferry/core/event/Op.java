package io.ferry.core.event;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** What a change event did to its row. The one-letter codes are Debezium's, so logs read the same. */
public enum Op {
    /** A row read by the initial snapshot. */
    READ("r"),
    CREATE("c"),
    UPDATE("u"),
    DELETE("d"),
    /**
     * Every row of the table whose key belongs to the Kafka partition carrying this event is gone:
     * sent to each partition of a table's topic when the source truncates the table, and before a
     * snapshot starts (again), so rows of an earlier, interrupted snapshot that no longer exist do
     * not survive in the target.
     */
    TRUNCATE("t"),
    /**
     * The table's shape changed on the source (a DDL statement, {@link ChangeEvent#schemaChange()}): sent to each
     * partition of the table's topic, ordered after every earlier change of the table's rows and before every later
     * one, so the applier brings the target's shape along before the first row that needs it.
     */
    SCHEMA("s");

    private final String code;

    Op(String code) {
        this.code = code;
    }

    @JsonValue
    public String code() {
        return code;
    }

    /** Whether the event carries the row's new image. */
    public boolean hasAfter() {
        return this != DELETE && this != TRUNCATE && this != SCHEMA;
    }

    @JsonCreator
    public static Op ofCode(String code) {
        for (Op op : values()) {
            if (op.code.equals(code)) {
                return op;
            }
        }
        throw new IllegalArgumentException("unknown operation code '" + code + "' (expected r, c, u, d, t or s)");
    }
}
