package io.ferry.core.config;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** Finds the known key an unknown key was probably meant to be: a typo, or another spelling convention. */
final class KeySuggestions {

    private KeySuggestions() {
    }

    static Optional<String> closest(String unknown, Collection<String> known) {
        String wanted = normalise(unknown);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : known) {
            String normalised = normalise(candidate);
            int distance = distance(wanted, normalised);
            // Allow about one typo per four letters, at most three: closer than that is noise, not a hint.
            int allowed = Math.max(1, Math.min(3, normalised.length() / 4));
            if (distance <= allowed && distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return Optional.ofNullable(best);
    }

    /** {@code bootstrap_servers}, {@code bootstrap.servers} and {@code BootstrapServers} all mean {@code bootstrapServers}. */
    private static String normalise(String key) {
        return key.replace("_", "").replace("-", "").replace(".", "").toLowerCase(Locale.ROOT);
    }

    /** Edit distance counting a swap of two neighbouring letters as one edit (optimal string alignment). */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
