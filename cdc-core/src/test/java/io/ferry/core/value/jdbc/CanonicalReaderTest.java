package io.ferry.core.value.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.core.value.LogicalType;
import java.lang.reflect.Proxy;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;

class CanonicalReaderTest {

    /** A one-column result holding {@code value} as a MySQL driver hands a TINYINT(1) over: number, or true for non-zero. */
    private static ResultSet tinyint(Long value) {
        boolean[] wasNull = {false};
        return (ResultSet) Proxy.newProxyInstance(ResultSet.class.getClassLoader(), new Class<?>[] {ResultSet.class}, (p, m, args) -> {
            switch (m.getName()) {
                case "getLong":
                    wasNull[0] = value == null;
                    return value == null ? 0L : value;
                case "getBoolean":
                    wasNull[0] = value == null;
                    return value != null && value != 0;
                case "wasNull":
                    return wasNull[0];
                default:
                    throw new UnsupportedOperationException(m.getName());
            }
        });
    }

    @Test
    void aMysqlTinyintOneReadsAsItsBooleanOnlyWhenZeroOrOne() throws Exception {
        assertThat(CanonicalReader.read(tinyint(0L), 1, LogicalType.BOOLEAN, Engine.MYSQL)).isEqualTo("false");
        assertThat(CanonicalReader.read(tinyint(1L), 1, LogicalType.BOOLEAN, Engine.MYSQL)).isEqualTo("true");
        assertThat(CanonicalReader.read(tinyint(2L), 1, LogicalType.BOOLEAN, Engine.MYSQL)).as("never the target's true").isEqualTo("2");
        assertThat(CanonicalReader.read(tinyint(null), 1, LogicalType.BOOLEAN, Engine.MYSQL)).isNull();
    }

    /** A one-column result whose value the driver gives as this text, and as a BigDecimal of it. */
    private static ResultSet integer(String text) {
        return (ResultSet) Proxy.newProxyInstance(ResultSet.class.getClassLoader(), new Class<?>[] {ResultSet.class}, (p, m, args) -> {
            switch (m.getName()) {
                case "getString":
                    return text;
                case "getBigDecimal":
                    return text == null ? null : new java.math.BigDecimal(text);
                default:
                    throw new UnsupportedOperationException(m.getName());
            }
        });
    }

    @Test
    void integersReadAsTheirCanonicalTextWhetherTheDriverPadsThemOrNot() throws Exception {
        for (String[] c : new String[][] {{"0", "0"}, {"-5", "-5"}, {"18446744073709551615", "18446744073709551615"}, {"0042", "42"},
                {"-0", "0"}, {"-007", "-7"}, {"+3", "3"}}) {
            assertThat(CanonicalReader.read(integer(c[0]), 1, LogicalType.INTEGER, Engine.MYSQL, null, "t.c")).as(c[0]).isEqualTo(c[1]);
        }
        assertThat(CanonicalReader.read(integer(null), 1, LogicalType.INTEGER, Engine.POSTGRESQL, null, "t.c")).isNull();
    }
}
