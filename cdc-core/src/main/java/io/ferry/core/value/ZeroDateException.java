package io.ferry.core.value;

/** A zero or invalid MySQL date met under the {@code error} policy; the message names table and column. */
public final class ZeroDateException extends IllegalArgumentException {

    public ZeroDateException(String message) {
        super(message);
    }
}
