package io.ferry.orchestrator.schema;

import java.util.Map;

/**
 * Carries a MySQL generated column's expression to PostgreSQL where both engines give it the same
 * meaning: column references, integer and decimal literals, {@code + - *} and parentheses. Division
 * (integer in PostgreSQL, decimal in MySQL) and every function are left out; such columns become
 * plain columns that carry the source's values.
 */
final class GeneratedColumns {

    private GeneratedColumns() {
    }

    /**
     * The PostgreSQL expression, or null when it cannot be carried.
     *
     * @param columns source column name to target column name
     */
    static String translate(String mysqlExpression, Map<String, String> columns) {
        StringBuilder out = new StringBuilder();
        String e = mysqlExpression;
        int i = 0;
        while (i < e.length()) {
            char ch = e.charAt(i);
            if (ch == '`') {
                StringBuilder name = new StringBuilder();
                int j = i + 1;
                while (true) {
                    if (j >= e.length()) {
                        return null;
                    }
                    if (e.charAt(j) == '`') {
                        if (j + 1 < e.length() && e.charAt(j + 1) == '`') {
                            name.append('`');
                            j += 2;
                            continue;
                        }
                        break;
                    }
                    name.append(e.charAt(j++));
                }
                String target = columns.get(name.toString());
                if (target == null) {
                    return null;
                }
                out.append(SchemaPlanner.quote(target));
                i = j + 1;
            } else if (Character.isDigit(ch) || ch == '.') {
                int j = i;
                while (j < e.length() && (Character.isDigit(e.charAt(j)) || e.charAt(j) == '.')) {
                    j++;
                }
                out.append(e, i, j);
                i = j;
            } else if ("+-*() ".indexOf(ch) >= 0) {
                out.append(ch);
                i++;
            } else {
                return null;
            }
        }
        return out.toString().trim();
    }
}
