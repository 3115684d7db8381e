package io.ferry.validator;

import io.ferry.core.config.TypesConfig.ZeroDateRule;
import io.ferry.core.value.LogicalType;
import java.util.List;

/**
 * A column as the validator compares it.
 *
 * @param sourceName the column's name on the source
 * @param targetName its name on the target (shortened beyond 63 bytes)
 * @param type       its logical type, from the target column's type
 * @param targetType the target column's type as {@code format_type} prints it
 * @param setLabels  a MySQL SET column's labels, else empty
 * @param zeroDates  what a MySQL zero date in it stands for on the target
 */
public record ValidatedColumn(String sourceName, String targetName, LogicalType type, String targetType,
        List<String> setLabels, ZeroDateRule zeroDates) {

    public ValidatedColumn {
        setLabels = List.copyOf(setLabels);
    }
}
