package io.ferry.apply;

/**
 * What has been applied of one partition: the last Kafka offset and the source position of its
 * change. Recorded in the target in the same transaction as the rows, so it is the truth after a crash.
 */
public record Progress(long offset, String sourcePosition) {
    /** The first offset not yet applied. */
    public long next() {
        return offset + 1;
    }
}
