package io.ferry.validator;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;

/**
 * Orders canonical keys as the validator's SQL orders them on both engines: numbers by value, text
 * by UTF-8 bytes (code points), binary by unsigned bytes, dates and times by value.
 */
final class KeyOrder implements Comparator<List<String>> {

    private final List<ValidatedColumn> key;

    KeyOrder(List<ValidatedColumn> key) {
        this.key = key;
    }

    @Override
    public int compare(List<String> a, List<String> b) {
        for (int i = 0; i < key.size(); i++) {
            int c = compare(key.get(i), a.get(i), b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    private static int compare(ValidatedColumn c, String a, String b) {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : -1) : 1;
        }
        return switch (c.type()) {
            case INTEGER, DECIMAL -> new BigDecimal(a).compareTo(new BigDecimal(b));
            case FLOAT, FLOAT4 -> Double.compare(Double.parseDouble(a), Double.parseDouble(b));
            case BOOLEAN -> Boolean.compare(Boolean.parseBoolean(a), Boolean.parseBoolean(b));
            case BINARY -> Arrays.compareUnsigned(Base64.getDecoder().decode(a), Base64.getDecoder().decode(b));
            case BITS -> new BigInteger(a, 2).compareTo(new BigInteger(b, 2));
            case TIME -> Long.compare(micros(a), micros(b));
            default -> Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
        };
    }

    private static long micros(String time) {
        boolean negative = time.startsWith("-");
        String[] hms = (negative ? time.substring(1) : time).split("[:.]");
        long v = ((Long.parseLong(hms[0]) * 60 + Long.parseLong(hms[1])) * 60 + Long.parseLong(hms[2])) * 1_000_000L;
        if (hms.length > 3) {
            v += Long.parseLong((hms[3] + "000000").substring(0, 6));
        }
        return negative ? -v : v;
    }

    /** The index of the range in an ordered, gap-free list of ranges that holds the key. */
    int segmentOf(List<KeyRange> segments, List<String> k) {
        int lo = 0;
        int hi = segments.size() - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            List<String> lower = segments.get(mid).lower();
            if (lower == null || compare(lower, k) <= 0) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }
}
