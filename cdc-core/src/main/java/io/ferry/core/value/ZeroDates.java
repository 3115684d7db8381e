package io.ferry.core.value;

import io.ferry.core.config.TypesConfig.ZeroDateRule;
import io.ferry.core.config.ZeroDatePolicy;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * MySQL's zero and invalid dates and what Ferry makes of them. MySQL stores {@code '0000-00-00'},
 * dates with a zero month or day ({@code '2024-00-10'}) and, under {@code ALLOW_INVALID_DATES},
 * impossible ones ({@code '2024-02-31'}); PostgreSQL stores none of them. A column's
 * {@link ZeroDateRule} decides: NULL, an error, or a sentinel value. Capture (snapshot and stream)
 * and the validator's source reader all decide here, so the paths cannot disagree.
 */
public final class ZeroDates {

    private static final Pattern DATE_TEXT = Pattern.compile("(\\d{4})-(\\d{2})-(\\d{2})([ T].*)?");

    private ZeroDates() {
    }

    /**
     * A MySQL/MariaDB condition, true for a zero or invalid date in a non-NULL column: date arithmetic gives NULL for
     * every one of them, impossible ones like {@code '2024-02-31'} included (LAST_DAY does not see those).
     *
     * @param quotedColumn the column, quoted
     */
    public static String mysqlCondition(String quotedColumn) {
        return "(" + quotedColumn + " + INTERVAL 0 DAY) IS NULL";
    }

    /** Whether MySQL text of a DATE, DATETIME or TIMESTAMP is a date PostgreSQL cannot hold. */
    public static boolean isZeroOrInvalid(String mysqlText) {
        String t = mysqlText.trim();
        if (t.length() >= 10 && t.charAt(4) == '-' && t.charAt(7) == '-' && (t.length() == 10 || t.charAt(10) == ' ' || t.charAt(10) == 'T')
                && digits(t, 0, 4) && digits(t, 5, 7) && digits(t, 8, 10)) {
            // The common shape, without a regular expression (the bulk load asks this of every date it reads).
            return invalid(number(t, 0, 4), number(t, 5, 7), number(t, 8, 10));
        }
        Matcher m = DATE_TEXT.matcher(t);
        if (!m.matches()) {
            return false;
        }
        return invalid(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
    }

    private static boolean digits(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private static int number(String s, int from, int to) {
        int v = 0;
        for (int i = from; i < to; i++) {
            v = v * 10 + (s.charAt(i) - '0');
        }
        return v;
    }

    private static boolean invalid(int year, int month, int day) {
        if (year == 0 || month == 0 || day == 0) {
            return true;
        }
        try {
            LocalDate.of(year, month, day);
            return false;
        } catch (DateTimeException e) {
            return true;
        }
    }

    /**
     * The canonical value that replaces a zero or invalid date under the rule: null, or the sentinel.
     *
     * @param type     {@link LogicalType#DATE}, {@link LogicalType#DATETIME} or {@link LogicalType#TIMESTAMP}
     * @param where    {@code table.column}, for the error
     * @param original the value as MySQL shows it, or null where the reader only saw that it was zero
     * @throws ZeroDateException under {@link ZeroDatePolicy#ERROR}
     */
    public static String replacement(ZeroDateRule rule, LogicalType type, String where, String original) {
        return switch (rule.policy()) {
            case AS_NULL -> null;
            case SENTINEL -> sentinel(type, rule.sentinel(), where);
            case ERROR -> throw new ZeroDateException(where + ": zero or invalid date "
                    + (original == null ? "" : "'" + original + "' ")
                    + "cannot be stored in PostgreSQL; choose a policy with types.zeroDates or "
                    + "types.columns.\"" + where + "\".zeroDates (as_null or sentinel)");
        };
    }

    /** A sentinel in the column's canonical form; text like {@code 0001-01-01} or {@code 1970-01-01 00:00:00}. */
    public static String sentinel(LogicalType type, String text, String where) {
        if (text == null) {
            throw new IllegalArgumentException(where + ": the zero-date policy is sentinel but no sentinel is set");
        }
        try {
            String t = text.trim().replace('T', ' ');
            return switch (type) {
                case DATE -> CanonicalValues.ofDate(LocalDate.parse(t));
                case DATETIME -> CanonicalValues.ofDateTime(dateTime(t));
                case TIMESTAMP -> CanonicalValues.ofInstant(dateTime(t.endsWith("Z") ? t.substring(0, t.length() - 1) : t)
                        .toInstant(ZoneOffset.UTC));
                default -> throw new IllegalArgumentException(where + ": zero dates exist only in DATE, DATETIME and TIMESTAMP, not " + type);
            };
        } catch (DateTimeException e) {
            throw new IllegalArgumentException(where + ": sentinel '" + text + "' is not a valid " + type.name().toLowerCase()
                    + " (write 0001-01-01 or 0001-01-01 00:00:00)", e);
        }
    }

    private static LocalDateTime dateTime(String t) {
        return t.length() == 10 ? LocalDate.parse(t).atStartOfDay() : LocalDateTime.parse(t.replace(' ', 'T'));
    }
}
