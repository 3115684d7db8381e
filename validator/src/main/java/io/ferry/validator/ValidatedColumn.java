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
 * @param sourceType the source column's type as declared ({@code decimal(14,2)}), lower case
 */
public record ValidatedColumn(String sourceName, String targetName, LogicalType type, String targetType,
        List<String> setLabels, ZeroDateRule zeroDates, String sourceType) {

    public ValidatedColumn {
        setLabels = List.copyOf(setLabels);
        sourceType = sourceType == null ? "" : sourceType.toLowerCase(java.util.Locale.ROOT);
    }

    public ValidatedColumn(String sourceName, String targetName, LogicalType type, String targetType, List<String> setLabels,
                           ZeroDateRule zeroDates) {
        this(sourceName, targetName, type, targetType, setLabels, zeroDates, "");
    }

    /** Whether both sides keep the same number of decimals, so that both print a value alike without trimming zeros. */
    public boolean sameDecimalScale() {
        java.util.regex.Matcher s = SCALE.matcher(sourceType);
        java.util.regex.Matcher t = SCALE.matcher(targetType.toLowerCase(java.util.Locale.ROOT));
        return s.find() && t.find() && s.group(1).equals(t.group(1));
    }

    private static final java.util.regex.Pattern SCALE = java.util.regex.Pattern.compile("^(?:decimal|numeric)\\(\\d+,(\\d+)\\)");
}
