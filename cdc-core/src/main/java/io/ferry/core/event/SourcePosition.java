package io.ferry.core.event;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * Where in the source's log a change was committed. Positions of one source are totally
 * ordered: {@link #compareTo} is defined between positions of the same kind, and comparing a
 * binlog position with an LSN is a programming error.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
    @JsonSubTypes.Type(value = BinlogPosition.class, name = "binlog"),
    @JsonSubTypes.Type(value = PgLsn.class, name = "lsn")
})
public sealed interface SourcePosition extends Comparable<SourcePosition> permits BinlogPosition, PgLsn {

    /** A compact, human-readable form, also stored in the target's applied-offsets table. */
    String describe();

    static IllegalArgumentException incomparable(SourcePosition a, SourcePosition b) {
        return new IllegalArgumentException("cannot order positions of different sources: " + a.describe() + " vs " + b.describe());
    }
}
