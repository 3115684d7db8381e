package io.ferry.orchestrator.observe;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TerminalProgressTest {

    private static Map<String, Object> details() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("lag p99", "0.4s");
        d.put("dead letters", 0);
        return d;
    }

    @Test
    void choosesQuietOverJsonOverABarOnATerminal() {
        assertThat(TerminalProgress.Mode.choose(true, true, true)).isEqualTo(TerminalProgress.Mode.QUIET);
        assertThat(TerminalProgress.Mode.choose(false, true, true)).isEqualTo(TerminalProgress.Mode.JSON);
        assertThat(TerminalProgress.Mode.choose(false, false, true)).isEqualTo(TerminalProgress.Mode.BAR);
        assertThat(TerminalProgress.Mode.choose(false, false, false)).isEqualTo(TerminalProgress.Mode.LINES);
    }

    @Test
    void aBarShowsRowsRateAndEta() {
        String bar = TerminalProgress.bar(new TerminalProgress.Reading("copy", 500, 2000, details()), 250, 6L, 2);
        assertThat(bar).isEqualTo("copy [######..................]  25% 500/2,000 250 rows/s ETA 6s | lag p99 0.4s | dead letters 0");
    }

    @Test
    void withoutATotalThereIsNoBarAndNoEta() {
        String bar = TerminalProgress.bar(new TerminalProgress.Reading("applied", 12_345, 0, Map.of()), 10, null, 2);
        assertThat(bar).isEqualTo("applied 12,345 rows 10 rows/s");
    }

    @Test
    void aPlainLineCarriesTheElapsedTime() {
        String line = TerminalProgress.line(new TerminalProgress.Reading("validate", 3000, 3000, Map.of()), 1500, null, 12);
        assertThat(line).isEqualTo("[    12s] validate 3,000 of 3,000 rows (100%), 1,500 rows/s");
    }

    @Test
    void jsonLinesAreOneObjectEach() {
        String json = TerminalProgress.json(new TerminalProgress.Reading("copy", 10, 100, Map.of("phase", "COPYING")), 5, 18L, 3);
        assertThat(json).isEqualTo("{\"what\":\"copy\",\"elapsedSeconds\":3,\"rows\":10,\"totalRows\":100,\"rowsPerSecond\":5.0,"
                + "\"etaSeconds\":18,\"phase\":\"COPYING\"}");
    }

    @Test
    void aBarIsRedrawnInPlaceAndEndedWithANewline() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        TerminalProgress p = new TerminalProgress(new PrintStream(bytes, true, StandardCharsets.UTF_8), TerminalProgress.Mode.BAR);
        p.show(new TerminalProgress.Reading("copy", 0, 100, Map.of("phase", "COPYING-LONGER-TEXT")), 0, 0);
        p.show(new TerminalProgress.Reading("copy", 50, 100, Map.of()), 1000, 1);
        p.finish();
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertThat(out).startsWith("\rcopy [").contains("\rcopy [############............]  50% 50/100 50 rows/s ETA 1s").endsWith(" \n");
        assertThat(out.chars().filter(c -> c == '\n').count()).as("one line, redrawn").isEqualTo(1);
    }

    @Test
    void quietPrintsNothing() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        TerminalProgress p = new TerminalProgress(new PrintStream(bytes, true, StandardCharsets.UTF_8), TerminalProgress.Mode.QUIET);
        p.show(new TerminalProgress.Reading("copy", 1, 2, Map.of()), 0, 0);
        p.finish();
        assertThat(bytes.size()).isZero();
    }

    @Test
    void durationsReadAsHoursMinutesSeconds() {
        assertThat(TerminalProgress.duration(59)).isEqualTo("59s");
        assertThat(TerminalProgress.duration(61)).isEqualTo("1m01s");
        assertThat(TerminalProgress.duration(7322)).isEqualTo("2h02m");
    }
}
