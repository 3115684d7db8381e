package io.ferry.orchestrator.observe;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Progress of long work on the terminal ({@code ferry run}, {@code ferry validate}): a bar redrawn in place with
 * rows, rate and ETA when the output is a terminal, plain lines when it is not (a log file, a pipe), one JSON object
 * per line with {@code --json}, nothing with {@code --quiet}. Formatting is pure; the caller decides when to
 * {@link #show} a reading.
 */
public final class TerminalProgress {

    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final int BAR_WIDTH = 24;

    public enum Mode {
        /** Redrawn in place: the output is a terminal. */
        BAR,
        /** One line per reading. */
        LINES,
        /** One JSON object per reading. */
        JSON,
        /** Nothing. */
        QUIET;

        /** What fits: {@code --quiet} wins, then {@code --json}, then a bar on a terminal ({@code System.console() != null}). */
        public static Mode choose(boolean quiet, boolean json, boolean terminal) {
            return quiet ? QUIET : json ? JSON : terminal ? BAR : LINES;
        }
    }

    /**
     * One reading.
     *
     * @param what    what is being done ("copy", "validate", "streaming")
     * @param done    rows done so far
     * @param total   rows in all; 0 or less when unknown (no bar, no ETA)
     * @param details more to show after the figures, in order (name to value); may be empty
     */
    public record Reading(String what, long done, long total, Map<String, Object> details) {
        public Reading {
            details = details == null ? Map.of() : details;
        }
    }

    private final PrintStream out;
    private final Mode mode;
    private final RateMeter rate = new RateMeter(10_000);
    private int lastWidth;

    public TerminalProgress(PrintStream out, Mode mode) {
        this.out = out;
        this.mode = mode;
    }

    public Mode mode() {
        return mode;
    }

    public synchronized void show(Reading r, long nowMillis, double elapsedSeconds) {
        rate.add(nowMillis, r.done());
        double perSecond = rate.perSecond();
        Long eta = r.total() > 0 ? RateMeter.etaSeconds(r.done(), r.total(), perSecond) : null;
        switch (mode) {
            case QUIET -> { }
            case LINES -> out.println(line(r, perSecond, eta, elapsedSeconds));
            case JSON -> out.println(json(r, perSecond, eta, elapsedSeconds));
            case BAR -> {
                String s = bar(r, perSecond, eta, elapsedSeconds);
                // pad over the remains of a longer previous line
                out.print("\r" + s + " ".repeat(Math.max(0, lastWidth - s.length())));
                out.flush();
                lastWidth = s.length();
            }
        }
    }

    /** Ends a bar's line so that what follows starts on a new one. */
    public synchronized void finish() {
        if (mode == Mode.BAR && lastWidth > 0) {
            out.println();
            lastWidth = 0;
        }
    }

    static String line(Reading r, double perSecond, Long eta, double elapsedSeconds) {
        StringBuilder sb = new StringBuilder(String.format("[%6.0fs] %s %,d", elapsedSeconds, r.what(), r.done()));
        if (r.total() > 0) {
            sb.append(String.format(" of %,d rows (%.0f%%)", r.total(), percent(r)));
        } else {
            sb.append(" rows");
        }
        sb.append(String.format(", %,.0f rows/s", perSecond));
        if (eta != null) {
            sb.append(", ETA ").append(duration(eta));
        }
        r.details().forEach((k, v) -> sb.append(" | ").append(k).append(' ').append(v));
        return sb.toString();
    }

    static String bar(Reading r, double perSecond, Long eta, double elapsedSeconds) {
        StringBuilder sb = new StringBuilder(r.what()).append(' ');
        if (r.total() > 0) {
            int filled = (int) Math.round(BAR_WIDTH * Math.min(1.0, (double) r.done() / r.total()));
            sb.append('[').append("#".repeat(filled)).append(".".repeat(BAR_WIDTH - filled)).append("] ")
                    .append(String.format("%3.0f%% %,d/%,d", percent(r), r.done(), r.total()));
        } else {
            sb.append(String.format("%,d rows", r.done()));
        }
        sb.append(String.format(" %,.0f rows/s", perSecond));
        sb.append(eta != null ? " ETA " + duration(eta) : "");
        r.details().forEach((k, v) -> sb.append(" | ").append(k).append(' ').append(v));
        return sb.toString();
    }

    static String json(Reading r, double perSecond, Long eta, double elapsedSeconds) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("what", r.what());
        m.put("elapsedSeconds", Math.round(elapsedSeconds));
        m.put("rows", r.done());
        m.put("totalRows", r.total() > 0 ? r.total() : null);
        m.put("rowsPerSecond", Math.round(perSecond * 10) / 10.0);
        m.put("etaSeconds", eta);
        m.putAll(r.details());
        try {
            return JSON.writeValueAsString(m);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a progress reading did not serialise: " + e.getOriginalMessage(), e);
        }
    }

    private static double percent(Reading r) {
        return Math.min(100.0, 100.0 * r.done() / r.total());
    }

    static String duration(long seconds) {
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return String.format("%dm%02ds", seconds / 60, seconds % 60);
        }
        return String.format("%dh%02dm", seconds / 3600, (seconds % 3600) / 60);
    }
}
