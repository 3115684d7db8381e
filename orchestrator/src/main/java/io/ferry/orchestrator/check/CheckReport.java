package io.ferry.orchestrator.check;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.List;
import java.util.Map;

/** The findings of {@code ferry check}, as text for people or JSON for tools. */
public record CheckReport(List<Finding> findings) {

    public CheckReport {
        findings = List.copyOf(findings);
    }

    public boolean hasErrors() {
        return findings.stream().anyMatch(f -> f.severity() == Finding.Severity.ERROR);
    }

    public String text() {
        StringBuilder sb = new StringBuilder();
        for (Finding f : findings) {
            sb.append(String.format("%-7s %-22s %s: %s%n", f.severity(), f.code(), f.subject(), f.message()));
        }
        long errors = findings.stream().filter(f -> f.severity() == Finding.Severity.ERROR).count();
        long warnings = findings.stream().filter(f -> f.severity() == Finding.Severity.WARNING).count();
        sb.append(errors).append(" errors, ").append(warnings).append(" warnings\n");
        return sb.toString();
    }

    public String json() {
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(Map.of("ok", !hasErrors(), "findings", findings));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
