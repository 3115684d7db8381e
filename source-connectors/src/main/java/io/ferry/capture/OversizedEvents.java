package io.ferry.capture;

import io.ferry.core.event.ChangeEvent;

/**
 * The one message for a change that is too large for Kafka: which table, which key, where in the source's log,
 * how large, and what to raise. Capture stops on such a change rather than skipping it (a skipped change would
 * leave the target different for good), and the message is what the operator needs to let it through.
 */
final class OversizedEvents {

    private OversizedEvents() {
    }

    /** Stops capture if {@code bytes} (the encoded key and event) exceed {@code limit} ({@code kafka.maxMessageBytes}). */
    static void check(ChangeEvent e, long bytes, int limit) {
        if (bytes > limit) {
            throw tooLarge(e, bytes, "kafka.maxMessageBytes is " + limit, null);
        }
    }

    static CaptureFailedException tooLarge(ChangeEvent e, long bytes, String limit, Throwable cause) {
        return new CaptureFailedException("the change of table " + e.table() + " with key " + e.key() + " at "
                + e.position().describe() + " is " + bytes + " bytes as a change event, too large for Kafka (" + limit
                + "); set kafka.maxMessageBytes in the pipeline file above " + bytes
                + " (on an existing cluster the brokers' message.max.bytes and replica.fetch.max.bytes must allow it too)"
                + " and start capture again: it resumes at this change", cause);
    }
}
