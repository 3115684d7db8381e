package io.ferry.orchestrator.observe;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** docker/grafana/ferry.json queries only meters docs/metrics.md documents (and StatusPageIT finds each of those exported). */
class GrafanaDashboardTest {

    private static final Pattern METRIC = Pattern.compile("\\b((?:ferry|jvm|process)_[a-z_]+)");

    static Path dashboard() {
        Path p = Path.of("docker", "grafana", "ferry.json");
        return Files.exists(p) ? p : Path.of("..", "docker", "grafana", "ferry.json");
    }

    @Test
    void everyMetricTheDashboardQueriesIsDocumented() throws Exception {
        JsonNode root = new ObjectMapper().readTree(Files.readString(dashboard()));
        List<String> queries = new ArrayList<>();
        root.findValues("expr").forEach(e -> queries.add(e.asText()));
        root.path("templating").path("list").forEach(v -> queries.add(v.path("definition").asText()));
        assertThat(queries).hasSizeGreaterThan(20);
        Set<String> used = new LinkedHashSet<>();
        for (String q : queries) {
            Matcher m = METRIC.matcher(q);
            while (m.find()) {
                used.add(m.group(1));
            }
        }
        Set<String> documented = MetricsDoc.documented().keySet();
        List<String> unknown = used.stream().filter(n -> !documented.contains(n) && !documented.contains(n.replaceAll("_(bucket|count|sum|max)$", "")))
                .toList();
        assertThat(unknown).as("queried by the dashboard but not in docs/metrics.md").isEmpty();
        assertThat(used).contains("ferry_applier_lag_seconds_bucket", "ferry_applier_rows_applied_total", "ferry_coordinator_dead_letters",
                "ferry_validator_differences", "ferry_coordinator_cutover_step_seconds", "ferry_coordinator_last_write_pause_seconds");
    }

    @Test
    void hasLagThroughputDeadLetterValidationAndCutoverSections() throws Exception {
        JsonNode root = new ObjectMapper().readTree(Files.readString(dashboard()));
        List<String> rows = new ArrayList<>();
        root.path("panels").forEach(p -> {
            if (p.path("type").asText().equals("row")) {
                rows.add(p.path("title").asText());
            } else {
                assertThat(p.path("datasource").path("uid").asText()).as(p.path("title").asText()).isEqualTo("${DS_PROMETHEUS}");
            }
        });
        assertThat(rows).contains("Lag", "Throughput", "Dead letters", "Validation", "Cutover");
    }
}
