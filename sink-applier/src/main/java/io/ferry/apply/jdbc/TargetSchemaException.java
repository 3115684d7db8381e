package io.ferry.apply.jdbc;

/** The target's schema does not fit the changes (a missing table or column): a permanent error. */
public class TargetSchemaException extends RuntimeException {
    public TargetSchemaException(String message) {
        super(message);
    }
}
