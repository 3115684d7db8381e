package io.ferry.core.event;

/** A record that is not a readable change event: a poison record, never silently dropped. */
public class EventFormatException extends RuntimeException {
    public EventFormatException(String message) {
        super(message);
    }

    public EventFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
