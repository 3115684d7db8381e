package io.ferry.validator;

import io.ferry.core.schema.TableId;

/** The checksums of one table on both sides. */
public record TableComparison(TableId table, TableChecksum source, TableChecksum target) {
    public boolean equal() {
        return source.equals(target);
    }
}
