package io.ferry.apply;

/**
 * A dead letter as read back from the dead-letter topic: where it is parked, where it came from, why, and the
 * original record.
 *
 * @param dlqPartition  its partition in the dead-letter topic
 * @param dlqOffset     its offset there
 * @param topic         the change topic it came from
 * @param partition     the change partition
 * @param offset        its offset in the change partition
 * @param table         the source table, or null when the record was not a readable change event
 * @param reason        why it could not be applied
 * @param parkedAtMillis when it was parked (the dead letter's Kafka timestamp)
 * @param key           the original record's key
 * @param value         the original record's value (the change event), or null
 */
public record ParkedRecord(int dlqPartition, long dlqOffset, String topic, int partition, long offset, String table, String reason,
                           long parkedAtMillis, byte[] key, byte[] value) {

    /** The change record it stands for; one change parked twice (after a crash) has one source. */
    public Source source() {
        return new Source(topic, partition, offset);
    }

    /** A change record's coordinates in its change topic. */
    public record Source(String topic, int partition, long offset) implements Comparable<Source> {

        @Override
        public int compareTo(Source o) {
            int c = topic.compareTo(o.topic);
            if (c != 0) {
                return c;
            }
            c = Integer.compare(partition, o.partition);
            return c != 0 ? c : Long.compare(offset, o.offset);
        }

        @Override
        public String toString() {
            return topic + "-" + partition + "@" + offset;
        }
    }
}
