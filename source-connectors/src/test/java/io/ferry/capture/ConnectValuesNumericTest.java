package io.ferry.capture;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.junit.jupiter.api.Test;

/** A PostgreSQL numeric read as text (decimal.handling.mode string), with the column's type, length and scale. */
class ConnectValuesNumericTest {

    private static Schema numeric(String length, String scale) {
        SchemaBuilder b = SchemaBuilder.string().optional().parameter(ConnectValues.SOURCE_TYPE, "NUMERIC");
        if (length != null) {
            b.parameter(ConnectValues.SOURCE_LENGTH, length);
        }
        if (scale != null) {
            b.parameter(ConnectValues.SOURCE_SCALE, scale);
        }
        return b.build();
    }

    @Test
    void nanAndTheInfinitiesTravelAsPostgresqlSpellsThem() {
        Schema unconstrained = numeric("131089", "0");
        assertThat(ConnectValues.canonical(unconstrained, "NAN", "t.c")).isEqualTo("NaN");
        assertThat(ConnectValues.canonical(unconstrained, "POSITIVE_INFINITY", "t.c")).isEqualTo("Infinity");
        assertThat(ConnectValues.canonical(unconstrained, "NEGATIVE_INFINITY", "t.c")).isEqualTo("-Infinity");
        assertThat(ConnectValues.canonical(numeric("12", "2"), "NAN", "t.c")).isEqualTo("NaN");
    }

    @Test
    void aDeclaredScaleGivesTheDecimalFormAndNoneKeepsTheStoredScale() {
        assertThat(ConnectValues.canonical(numeric("12", "2"), "1.50", "t.c")).isEqualTo("1.5");
        assertThat(ConnectValues.canonical(numeric("12", "2"), "0.00", "t.c")).isEqualTo("0");
        assertThat(ConnectValues.canonical(numeric("10", "0"), "1200", "t.c")).isEqualTo("1200");
        assertThat(ConnectValues.canonical(numeric("131089", "0"), "1.50", "t.c")).isEqualTo("1.50");
        assertThat(ConnectValues.canonical(numeric("0", null), "123456789012345678901234567890.123456789", "t.c"))
                .isEqualTo("123456789012345678901234567890.123456789");
        assertThat(ConnectValues.canonical(numeric(null, null), "-0.000", "t.c")).isEqualTo("-0.000");
    }

    @Test
    void textThatIsNoNumericIsLeftAlone() {
        Schema text = SchemaBuilder.string().optional().parameter(ConnectValues.SOURCE_TYPE, "TEXT").build();
        assertThat(ConnectValues.canonical(text, "NAN", "t.c")).isEqualTo("NAN");
        assertThat(ConnectValues.canonical(Schema.OPTIONAL_STRING_SCHEMA, "POSITIVE_INFINITY", "t.c")).isEqualTo("POSITIVE_INFINITY");
    }
}
