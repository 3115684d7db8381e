package io.ferry.capture;

/** A source value Ferry cannot carry exactly; it stops capture with the column named, never a silent drop. */
public class UnsupportedValueException extends RuntimeException {
    public UnsupportedValueException(String message) {
        super(message);
    }
}
