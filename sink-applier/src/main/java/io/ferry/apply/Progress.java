package io.ferry.apply;

import io.ferry.core.event.SourcePosition;

/**
 * What has been applied of one partition: the last Kafka offset and the highest source position of
 * the changes applied from it (null before any). Recorded in the target in the same transaction as the
 * rows, so it is the truth after a crash.
 */
public record Progress(long offset, SourcePosition position) {

    /** The first offset not yet applied. */
    public long next() {
        return offset + 1;
    }

    /** The position as people read it, or null. */
    public String describePosition() {
        return position == null ? null : position.describe();
    }
}
