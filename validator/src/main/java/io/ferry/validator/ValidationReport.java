package io.ferry.validator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.List;

/** The verdict of a validation run, as text for people or JSON for tools. */
public record ValidationReport(List<TableReport> tables, long elapsedMillis) {

    private static final ObjectMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    public ValidationReport {
        tables = List.copyOf(tables);
    }

    /** Whether any table differs or could not be validated: the run's exit code is then 1. */
    public boolean hasDifferences() {
        return tables.stream().anyMatch(t -> t.status() != TableReport.Status.EQUAL);
    }

    public long differenceCount() {
        return tables.stream().mapToLong(TableReport::differenceCount).sum();
    }

    public String text() {
        StringBuilder sb = new StringBuilder();
        for (TableReport t : tables) {
            sb.append(String.format("%-13s %s: %,d source rows, %,d target rows, %d segments, %d differing%s%n", t.status(), t.table(),
                    t.sourceRows(), t.targetRows(), t.segments().size(), t.differences().size(), t.note() == null ? "" : " (" + t.note() + ")"));
            t.unmatchedColumns().forEach(c -> sb.append("    ").append(c.describe()).append('\n'));
            t.differences().stream().limit(100).forEach(d -> sb.append("    ").append(d.describe()).append('\n'));
            if (t.differences().size() > 100) {
                sb.append("    ... and ").append(t.differences().size() - 100).append(" more (see the JSON report)\n");
            }
        }
        sb.append(String.format("%d tables, %d differences, %.1f s%n", tables.size(), differenceCount(), elapsedMillis / 1000.0));
        return sb.toString();
    }

    public String json() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static ValidationReport fromJson(String json) {
        try {
            return JSON.readValue(json, ValidationReport.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a validation report: " + e.getOriginalMessage(), e);
        }
    }
}
