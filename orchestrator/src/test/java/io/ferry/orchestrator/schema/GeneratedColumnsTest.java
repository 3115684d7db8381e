package io.ferry.orchestrator.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class GeneratedColumnsTest {

    private static final Map<String, String> COLUMNS = Map.of("qty", "qty", "price", "price", "we`ird", "we`ird", "Net", "Net");

    @Test
    void arithmeticOnColumnsAndLiteralsIsCarriedWithPostgresQuoting() {
        assertThat(GeneratedColumns.translate("`qty` * `price`", COLUMNS)).isEqualTo("\"qty\" * \"price\"");
        assertThat(GeneratedColumns.translate("((`qty` + 1.5) - `Net`)", COLUMNS)).isEqualTo("((\"qty\" + 1.5) - \"Net\")");
        assertThat(GeneratedColumns.translate("`we``ird` * 2", COLUMNS)).isEqualTo("\"we`ird\" * 2");
    }

    @Test
    void functionsDivisionStringsAndUnknownColumnsAreNotCarried() {
        assertThat(GeneratedColumns.translate("ucase(`qty`)", COLUMNS)).isNull();
        assertThat(GeneratedColumns.translate("`qty` / `price`", COLUMNS)).as("integer division in PostgreSQL").isNull();
        assertThat(GeneratedColumns.translate("concat(`qty`,'x')", COLUMNS)).isNull();
        assertThat(GeneratedColumns.translate("`nope` + 1", COLUMNS)).isNull();
        assertThat(GeneratedColumns.translate("`qty", COLUMNS)).isNull();
    }
}
