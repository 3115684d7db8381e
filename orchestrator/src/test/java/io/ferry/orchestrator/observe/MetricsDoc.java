package io.ferry.orchestrator.observe;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The meters docs/metrics.md documents: name to owner (capture, applier, validator, coordinator, jvm, and reverse: the
 * coordinator's meters of reverse replication, which exist only with {@code cutover.reverse.enabled}).
 */
public final class MetricsDoc {

    private static final Pattern ROW = Pattern.compile("^\\| `([a-z_]+)` \\|[^|]*\\|[^|]*\\|[^|]*\\| ([a-z]+) \\|", Pattern.MULTILINE);

    private MetricsDoc() {
    }

    /** docs/metrics.md of this checkout (tests run in a module directory). */
    public static Path path() {
        Path p = Path.of("docs", "metrics.md");
        return Files.exists(p) ? p : Path.of("..", "docs", "metrics.md");
    }

    public static Map<String, String> documented() throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        Matcher m = ROW.matcher(Files.readString(path()));
        while (m.find()) {
            out.put(m.group(1), m.group(2));
        }
        return out;
    }

    /** The documented meters every migration without reverse replication exports. */
    public static java.util.Set<String> withoutReverse() throws IOException {
        java.util.Set<String> out = new java.util.LinkedHashSet<>();
        documented().forEach((name, owner) -> {
            if (!owner.equals("reverse")) {
                out.add(name);
            }
        });
        return out;
    }

    /** Whether a Prometheus scrape has a sample of {@code name} (a histogram's _bucket/_count/_sum/_max count). */
    public static boolean present(String scrape, String name) {
        return Pattern.compile("^" + Pattern.quote(name) + "(_bucket|_count|_sum|_max)?[{ ]", Pattern.MULTILINE).matcher(scrape).find();
    }

    /** The sum of every sample of {@code series} (exact name, any labels). */
    public static double sum(String scrape, String series) {
        double total = 0;
        Matcher m = Pattern.compile("^" + Pattern.quote(series) + "(\\{[^}]*\\})? ([-+0-9.eE]+|NaN)", Pattern.MULTILINE).matcher(scrape);
        while (m.find()) {
            if (!m.group(2).equals("NaN")) {
                total += Double.parseDouble(m.group(2));
            }
        }
        return total;
    }
}
