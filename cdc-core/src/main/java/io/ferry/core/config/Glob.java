package io.ferry.core.config;

/** Matches table names against {@code *} and {@code ?} globs without building a regex per call. */
final class Glob {

    private Glob() {
    }

    static boolean matches(String glob, String text) {
        int g = 0;
        int t = 0;
        int star = -1;
        int starText = -1;
        while (t < text.length()) {
            if (g < glob.length() && (glob.charAt(g) == '?' || glob.charAt(g) == text.charAt(t))) {
                g++;
                t++;
            } else if (g < glob.length() && glob.charAt(g) == '*') {
                star = g++;
                starText = t;
            } else if (star >= 0) {
                // Let the last star swallow one more character and retry; stars never need to backtrack further.
                g = star + 1;
                t = ++starText;
            } else {
                return false;
            }
        }
        while (g < glob.length() && glob.charAt(g) == '*') {
            g++;
        }
        return g == glob.length();
    }
}
