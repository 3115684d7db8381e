package io.ferry.core.event;

/**
 * A point in a source's log as the cutover and the drains use it: the source's watermark ({@code currentPosition})
 * and how far capture got (from its Debezium offset). Unlike a change's {@link SourcePosition}, such positions are
 * not always totally ordered (a MySQL GTID set, a MariaDB GTID position over several domains), so they answer one
 * question: does this position cover that one, i.e. is every change up to {@code other} also at or before this?
 * Each position has one canonical text form ({@link #text()}), which is what a migration records, and parses back
 * through its engine. Pure.
 */
public sealed interface LogPosition permits MySqlGtidSet, MariaDbGtidPosition, BinlogFilePosition, PgLsn {

    /**
     * Whether every change up to {@code other} is also at or before this position.
     *
     * @throws IllegalArgumentException when the positions are of different kinds (a programming or configuration error)
     */
    boolean covers(LogPosition other);

    /** The canonical text form, which the engine's parser reads back to an equal position. */
    String text();

    /** The error for positions of different kinds. */
    static IllegalArgumentException incomparable(LogPosition a, LogPosition b) {
        return new IllegalArgumentException("cannot compare a " + a.getClass().getSimpleName() + " (" + a.text() + ") with a "
                + b.getClass().getSimpleName() + " (" + b.text() + "): they come from different kinds of source log");
    }
}
