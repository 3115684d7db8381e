package io.ferry.validator;

import java.util.List;

/**
 * The verdict on one table.
 *
 * @param segments          the key ranges the table was checked in, for a later pass over the touched ones only
 * @param recheckedSegments live mode: how many segment checks were repeated after the applier caught up
 * @param note              why a table was not validated, or what part of it was, or null
 * @param unmatchedColumns  columns that one side has and the other has not: each makes the table DIFFERENT
 */
public record TableReport(String table, Status status, long sourceRows, long targetRows, List<KeyRange> segments,
        int mismatchedSegments, int recheckedSegments, List<Difference> differences, String note, List<UnmatchedColumn> unmatchedColumns) {

    public enum Status { EQUAL, DIFFERENT, NOT_VALIDATED }

    public TableReport {
        segments = List.copyOf(segments);
        differences = List.copyOf(differences);
        unmatchedColumns = unmatchedColumns == null ? List.of() : List.copyOf(unmatchedColumns);
    }

    /** A report of a table whose sides have the same columns. */
    public TableReport(String table, Status status, long sourceRows, long targetRows, List<KeyRange> segments,
                       int mismatchedSegments, int recheckedSegments, List<Difference> differences, String note) {
        this(table, status, sourceRows, targetRows, segments, mismatchedSegments, recheckedSegments, differences, note, List.of());
    }

    static TableReport notValidated(String table, String why) {
        return notValidated(table, why, List.of());
    }

    static TableReport notValidated(String table, String why, List<UnmatchedColumn> unmatched) {
        return new TableReport(table, Status.NOT_VALIDATED, 0, 0, List.of(), 0, 0, List.of(), why, unmatched);
    }

    /** Differences of the table: columns on one side only, and rows. */
    public long differenceCount() {
        return unmatchedColumns.size() + (long) differences.size();
    }
}
