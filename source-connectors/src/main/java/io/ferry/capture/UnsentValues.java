package io.ferry.capture;

import io.ferry.core.schema.TableId;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads, from the source, the current values of columns a row change did not carry: PostgreSQL does not send a
 * TOASTed value an UPDATE left unchanged, also when the UPDATE changed the row's key, which Debezium turns into a
 * DELETE of the old key and an INSERT of the new one that lacks the value.
 *
 * <p>The value read is the row's value now, at least as new as the change's: every later change of the column
 * carries its value and follows in the key's order, so the target ends with the source's value.
 */
@FunctionalInterface
public interface UnsentValues extends AutoCloseable {

    /**
     * @param key     the row's key columns in canonical text
     * @param columns the columns to read
     * @return each column's canonical value, or empty when no row has that key any more (a later change, itself
     *         captured, deleted it or moved it again)
     */
    Optional<Map<String, String>> read(TableId table, Map<String, String> key, List<String> columns) throws SQLException;

    /** Lets go of what it holds on the source (a connection); idempotent. */
    @Override
    default void close() {
    }
}
