package io.ferry.core.schema.mapping;

/** A source column whose type Ferry cannot carry; the message names the column and the type. */
public class UnsupportedTypeException extends RuntimeException {
    public UnsupportedTypeException(String message) {
        super(message);
    }
}
