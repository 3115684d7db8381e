package io.ferry.orchestrator.schema;

/** The target already has a table that differs from the plan; nothing was changed. */
public class SchemaConflictException extends RuntimeException {
    public SchemaConflictException(String message) {
        super(message);
    }
}
