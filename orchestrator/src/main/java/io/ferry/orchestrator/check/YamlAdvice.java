package io.ferry.orchestrator.check;

import java.util.Map;
import java.util.stream.Collectors;

/**
 * Advice that a user pastes into the pipeline file: the YAML to add, as a block starting at the top
 * level, with the {@code table.column} key quoted so that any name survives.
 */
final class YamlAdvice {

    private YamlAdvice() {
    }

    /** The {@code types.columns} entry for one column, e.g. {@code "ints.flag": {type: smallint}}, under its parents. */
    static String columnRule(String table, String column, Map<String, String> rule) {
        return "types:\n  columns:\n    " + quoted(table + "." + column) + ": {"
                + rule.entrySet().stream().map(e -> e.getKey() + ": " + quoted(e.getValue())).collect(Collectors.joining(", "))
                + "}\n";
    }

    /** A double-quoted YAML scalar: backslash and double quote escaped, control characters as escapes. */
    static String quoted(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '\r' -> sb.append("\\r");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\x%02x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
