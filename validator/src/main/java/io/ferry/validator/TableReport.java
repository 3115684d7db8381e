package io.ferry.validator;

import java.util.List;

/**
 * The verdict on one table.
 *
 * @param segments          the key ranges the table was checked in, for a later pass over the touched ones only
 * @param recheckedSegments live mode: how many segment checks were repeated after the applier caught up
 * @param note              why a table was not validated, or what part of it was, or null
 */
public record TableReport(String table, Status status, long sourceRows, long targetRows, List<KeyRange> segments,
        int mismatchedSegments, int recheckedSegments, List<Difference> differences, String note) {

    public enum Status { EQUAL, DIFFERENT, NOT_VALIDATED }

    public TableReport {
        segments = List.copyOf(segments);
        differences = List.copyOf(differences);
    }

    static TableReport notValidated(String table, String why) {
        return new TableReport(table, Status.NOT_VALIDATED, 0, 0, List.of(), 0, 0, List.of(), why);
    }
}
