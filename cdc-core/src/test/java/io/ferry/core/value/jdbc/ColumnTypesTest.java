package io.ferry.core.value.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.core.value.LogicalType;
import org.junit.jupiter.api.Test;

class ColumnTypesTest {

    @Test
    void anIntervalIsATimeFromMySqlAndTextFromPostgreSql() {
        assertThat(ColumnTypes.forPair("interval", "time(3)")).as("MySQL TIME lands in interval").isEqualTo(LogicalType.TIME);
        assertThat(ColumnTypes.forPair("interval", "interval")).as("months and days are no TIME").isEqualTo(LogicalType.STRING);
        assertThat(ColumnTypes.forPair("integer", "int(11)")).isEqualTo(LogicalType.INTEGER);
    }

    @Test
    void booleanIsBoolean() {
        assertThat(ColumnTypes.fromPostgres("boolean")).isEqualTo(LogicalType.BOOLEAN);
    }

    @Test
    void integerTypesOfEveryWidthAreInteger() {
        assertThat(ColumnTypes.fromPostgres("smallint")).isEqualTo(LogicalType.INTEGER);
        assertThat(ColumnTypes.fromPostgres("integer")).isEqualTo(LogicalType.INTEGER);
        assertThat(ColumnTypes.fromPostgres("bigint")).isEqualTo(LogicalType.INTEGER);
    }

    @Test
    void numericWithoutScaleIsInteger() {
        // BIGINT UNSIGNED lands in numeric(20,0).
        assertThat(ColumnTypes.fromPostgres("numeric(20,0)")).isEqualTo(LogicalType.INTEGER);
        assertThat(ColumnTypes.fromPostgres("numeric(3,0)")).isEqualTo(LogicalType.INTEGER);
    }

    @Test
    void numericWithAScaleIsDecimal() {
        assertThat(ColumnTypes.fromPostgres("numeric(12,2)")).isEqualTo(LogicalType.DECIMAL);
        assertThat(ColumnTypes.fromPostgres("numeric(10,10)")).isEqualTo(LogicalType.DECIMAL);
        assertThat(ColumnTypes.fromPostgres("numeric")).isEqualTo(LogicalType.DECIMAL);
    }

    @Test
    void doublesAreFloatAndRealsAreReadAsFourByteFloats() {
        assertThat(ColumnTypes.fromPostgres("double precision")).isEqualTo(LogicalType.FLOAT);
        assertThat(ColumnTypes.fromPostgres("real")).isEqualTo(LogicalType.FLOAT4);
    }

    @Test
    void dateIsDate() {
        assertThat(ColumnTypes.fromPostgres("date")).isEqualTo(LogicalType.DATE);
    }

    @Test
    void timestampWithoutTimeZoneIsDateTime() {
        assertThat(ColumnTypes.fromPostgres("timestamp(3) without time zone")).isEqualTo(LogicalType.DATETIME);
        assertThat(ColumnTypes.fromPostgres("timestamp without time zone")).isEqualTo(LogicalType.DATETIME);
    }

    @Test
    void timestampWithTimeZoneIsTimestamp() {
        assertThat(ColumnTypes.fromPostgres("timestamp(3) with time zone")).isEqualTo(LogicalType.TIMESTAMP);
        assertThat(ColumnTypes.fromPostgres("timestamp with time zone")).isEqualTo(LogicalType.TIMESTAMP);
    }

    @Test
    void timeOfDayIsTime() {
        assertThat(ColumnTypes.fromPostgres("time(6) without time zone")).isEqualTo(LogicalType.TIME);
        assertThat(ColumnTypes.fromPostgres("interval")).isEqualTo(LogicalType.TIME);
    }

    @Test
    void byteaIsBinary() {
        assertThat(ColumnTypes.fromPostgres("bytea")).isEqualTo(LogicalType.BINARY);
    }

    @Test
    void jsonAndJsonbAreJson() {
        assertThat(ColumnTypes.fromPostgres("jsonb")).isEqualTo(LogicalType.JSON);
        assertThat(ColumnTypes.fromPostgres("json")).isEqualTo(LogicalType.JSON);
    }

    @Test
    void textTypesAreString() {
        assertThat(ColumnTypes.fromPostgres("text")).isEqualTo(LogicalType.STRING);
        assertThat(ColumnTypes.fromPostgres("character varying(255)")).isEqualTo(LogicalType.STRING);
        assertThat(ColumnTypes.fromPostgres("varchar")).isEqualTo(LogicalType.STRING);
        assertThat(ColumnTypes.fromPostgres("character(3)")).isEqualTo(LogicalType.STRING);
    }

    @Test
    void spellingIsCaseInsensitive() {
        assertThat(ColumnTypes.fromPostgres("BIGINT")).isEqualTo(LogicalType.INTEGER);
        assertThat(ColumnTypes.fromPostgres("Timestamp(3) With Time Zone")).isEqualTo(LogicalType.TIMESTAMP);
    }

    @Test
    void bitStringsAndArraysOfLabels() {
        assertThat(ColumnTypes.fromPostgres("bit(12)")).isEqualTo(LogicalType.BITS);
        assertThat(ColumnTypes.fromPostgres("bit varying(8)")).isEqualTo(LogicalType.BITS);
        assertThat(ColumnTypes.fromPostgres("text[]")).isEqualTo(LogicalType.SET);
        assertThat(ColumnTypes.fromPostgres("character varying(10)[]")).isEqualTo(LogicalType.SET);
        assertThat(ColumnTypes.fromPostgres("shop.orders_status_enum")).as("an enum type reads as its label").isEqualTo(LogicalType.STRING);
    }
}
