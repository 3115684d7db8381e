package io.ferry.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.core.event.BinlogPosition;
import io.ferry.core.event.ChangeEvent;
import io.ferry.core.event.Op;
import io.ferry.core.schema.TableId;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

/**
 * Feeds the converter records shaped like Debezium's MariaDB connector output: an envelope named
 * {@code <prefix>.<db>.<table>.Envelope} with before/after row structs, a source struct with the
 * binlog coordinates, and a key struct of the primary key columns.
 */
class RecordConverterTest {

    private static final String TOPIC = "ferry.shop.orders";
    private static final long COMMIT_MILLIS = 1_710_055_800_000L; // 2024-03-10 07:30:00 UTC

    private static final Schema SOURCE_SCHEMA = SchemaBuilder.struct().name("io.debezium.connector.mariadb.Source")
            .field("db", Schema.STRING_SCHEMA)
            .field("table", Schema.STRING_SCHEMA)
            .field("file", Schema.STRING_SCHEMA)
            .field("pos", Schema.INT64_SCHEMA)
            .field("row", Schema.INT32_SCHEMA)
            .field("gtid", Schema.OPTIONAL_STRING_SCHEMA)
            .field("ts_ms", Schema.INT64_SCHEMA)
            .field("snapshot", Schema.OPTIONAL_STRING_SCHEMA)
            .build();

    private static final Schema ORDER_ROW = SchemaBuilder.struct().name("ferry.shop.orders.Value").optional()
            .field("id", Schema.INT64_SCHEMA)
            .field("customer", Schema.OPTIONAL_STRING_SCHEMA)
            .field("total", Decimal.builder(2).optional().build())
            .field("status", io.debezium.data.Enum.builder("new,paid,shipped").optional().build())
            .build();

    private static final Schema ORDER_KEY = SchemaBuilder.struct().name("ferry.shop.orders.Key")
            .field("id", Schema.INT64_SCHEMA)
            .build();

    private final RecordConverter converter = new RecordConverter("mariadb-main");

    // --- envelope, operations, positions ---

    @Test
    void insertBecomesACreateWithKeyAndAfterInColumnOrder() {
        ChangeEvent e = convert(record("c", null, order(7, "alice", "19.90", "new"), source("0-1-42", null)));

        assertThat(e.op()).isEqualTo(Op.CREATE);
        assertThat(e.source()).isEqualTo("mariadb-main");
        assertThat(e.table()).isEqualTo(TableId.of("shop", "orders"));
        assertThat(e.key()).containsExactly(Map.entry("id", "7"));
        assertThat(e.after().keySet()).containsExactly("id", "customer", "total", "status");
        assertThat(e.after()).containsEntry("id", "7").containsEntry("customer", "alice")
                .containsEntry("total", "19.9").containsEntry("status", "new");
        assertThat(e.before()).isNull();
    }

    @Test
    void updateCarriesTheKeyAndTheAfterImageButNoBeforeImage() {
        ChangeEvent e = convert(record("u", order(7, "alice", "19.90", "new"), order(7, "alice", "19.90", "paid"), source("0-1-43", null)));

        assertThat(e.op()).isEqualTo(Op.UPDATE);
        assertThat(e.key()).containsExactly(Map.entry("id", "7"));
        assertThat(e.before()).as("the before image would double the event's size; the key identifies the row").isNull();
        assertThat(e.after()).containsEntry("status", "paid");
    }

    @Test
    void deleteCarriesOnlyTheKey() {
        ChangeEvent e = convert(record("d", order(7, "alice", "19.90", "paid"), null, source("0-1-44", null)));

        assertThat(e.op()).isEqualTo(Op.DELETE);
        assertThat(e.isDelete()).isTrue();
        assertThat(e.after()).isNull();
        assertThat(e.before()).isNull();
        assertThat(e.key()).containsExactly(Map.entry("id", "7"));
    }

    @Test
    void snapshotReadBecomesARead() {
        ChangeEvent e = convert(record("r", null, order(1, "bob", "0.00", "shipped"), source(null, "true")));

        assertThat(e.op()).isEqualTo(Op.READ);
        assertThat(e.after()).containsEntry("total", "0");
    }

    @Test
    void positionIsTheBinlogFileOffsetRowAndGtid() {
        ChangeEvent e = convert(record("c", null, order(7, "alice", "1", "new"), source("0-1-42", null)));

        assertThat(e.position()).isEqualTo(new BinlogPosition("mariadb-bin.000003", 4567, 2, "0-1-42"));
    }

    @Test
    void commitTimeIsTheSourceTimestampAndTransactionIdIsTheGtid() {
        ChangeEvent e = convert(record("c", null, order(7, "alice", "1", "new"), source("0-1-42", null)));

        assertThat(e.commitTimeMillis()).isEqualTo(COMMIT_MILLIS);
        assertThat(e.transactionId()).isEqualTo("0-1-42");
    }

    @Test
    void snapshotRowWithoutGtidHasNoTransactionId() {
        ChangeEvent e = convert(record("r", null, order(7, "alice", "1", "new"), source(null, "true")));

        assertThat(e.transactionId()).isNull();
        assertThat(((BinlogPosition) e.position()).gtid()).isNull();
    }

    @Test
    void compositeKeyFollowsTheKeyStructOrderAndRowsTheTableOrder() {
        Schema row = SchemaBuilder.struct().name("ferry.shop.order_lines.Value").optional()
                .field("line_no", Schema.INT32_SCHEMA)
                .field("order_id", Schema.INT64_SCHEMA)
                .field("qty", Schema.INT16_SCHEMA)
                .build();
        Schema keySchema = SchemaBuilder.struct().name("ferry.shop.order_lines.Key")
                .field("order_id", Schema.INT64_SCHEMA)
                .field("line_no", Schema.INT32_SCHEMA)
                .build();
        Struct after = new Struct(row).put("line_no", 3).put("order_id", 70L).put("qty", (short) 5);
        Struct key = new Struct(keySchema).put("order_id", 70L).put("line_no", 3);
        Struct src = source("0-1-50", null).put("table", "order_lines");

        ChangeEvent e = convert(envelopeRecord("ferry.shop.order_lines.Envelope", row, "c", null, after, src, keySchema, key));

        assertThat(e.table()).isEqualTo(TableId.of("shop", "order_lines"));
        assertThat(e.key()).containsExactly(Map.entry("order_id", "70"), Map.entry("line_no", "3"));
        assertThat(e.after()).containsExactly(Map.entry("line_no", "3"), Map.entry("order_id", "70"), Map.entry("qty", "5"));
    }

    @Test
    void catalogVersionIsStableForOneRowShapeAndChangesWithIt() {
        ChangeEvent first = convert(record("c", null, order(1, "a", "1", "new"), source("0-1-1", null)));
        ChangeEvent second = convert(record("c", null, order(2, "b", "2", "paid"), source("0-1-2", null)));
        ChangeEvent reshaped = convertSingle(Schema.OPTIONAL_STRING_SCHEMA, "x");

        assertThat(second.catalogVersion()).isEqualTo(first.catalogVersion());
        assertThat(reshaped.catalogVersion()).isNotEqualTo(first.catalogVersion());
    }

    // --- records that are not row changes, and rejected records ---

    @Test
    void heartbeatIsNotAChange() {
        Schema heartbeat = SchemaBuilder.struct().name("io.debezium.connector.common.Heartbeat")
                .field("ts_ms", Schema.INT64_SCHEMA).build();
        Schema keySchema = SchemaBuilder.struct().name("io.debezium.connector.common.ServerNameKey")
                .field("serverName", Schema.STRING_SCHEMA).build();
        SourceRecord r = new SourceRecord(Map.of("server", "ferry"), Map.of("pos", 1L), "__debezium-heartbeat.ferry", null,
                keySchema, new Struct(keySchema).put("serverName", "ferry"),
                heartbeat, new Struct(heartbeat).put("ts_ms", COMMIT_MILLIS));

        assertThat(converter.convert(r)).isEmpty();
    }

    @Test
    void tombstoneIsNotAChange() {
        SourceRecord r = new SourceRecord(Map.of(), Map.of(), TOPIC, null, ORDER_KEY, new Struct(ORDER_KEY).put("id", 7L), null, null);

        assertThat(converter.convert(r)).isEmpty();
    }

    @Test
    void schemaChangeRecordIsNotAChange() {
        Schema schemaChange = SchemaBuilder.struct().name("io.debezium.connector.mariadb.SchemaChangeValue")
                .field("ddl", Schema.OPTIONAL_STRING_SCHEMA).build();
        SourceRecord r = new SourceRecord(Map.of(), Map.of(), "ferry", null, null, null,
                schemaChange, new Struct(schemaChange).put("ddl", "ALTER TABLE orders ADD note TEXT"));

        assertThat(converter.convert(r)).isEmpty();
    }

    @Test
    void recordWithoutAKeyStructIsRejectedNamingTheTable() {
        Struct value = envelope(ORDER_ROW, "c", null, order(7, "alice", "1", "new"), source("0-1-42", null));
        SourceRecord r = new SourceRecord(Map.of(), Map.of(), TOPIC, null, null, null, value.schema(), value);

        assertThatThrownBy(() -> converter.convert(r))
                .isInstanceOf(UnsupportedValueException.class)
                .hasMessageContaining("shop.orders")
                .hasMessageContaining("primary key");
    }

    @Test
    void unsupportedConnectTypeIsRejectedNamingTableAndColumn() {
        Schema mapColumn = SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.STRING_SCHEMA).optional().build();

        assertThatThrownBy(() -> convertSingle(mapColumn, Map.of("a", "b")))
                .isInstanceOf(UnsupportedValueException.class)
                .hasMessageContaining("shop.things.v")
                .hasMessageContaining("MAP");
    }

    @Test
    void aPostgresArrayTravelsAsItsElementsJoinedByCommasAndAnElementThatCannotIsAnError() {
        Schema arrayColumn = SchemaBuilder.array(Schema.OPTIONAL_STRING_SCHEMA).optional().build();
        assertThat(convertSingle(arrayColumn, List.of("a", "b c")).after().get("v")).isEqualTo("a,b c");
        assertThat(convertSingle(arrayColumn, List.of()).after().get("v")).isEqualTo("");
        assertThatThrownBy(() -> convertSingle(arrayColumn, List.of("a,b")))
                .isInstanceOf(UnsupportedValueException.class).hasMessageContaining("shop.things.v").hasMessageContaining("'a,b'");
        assertThatThrownBy(() -> convertSingle(arrayColumn, java.util.Arrays.asList("a", null)))
                .isInstanceOf(UnsupportedValueException.class).hasMessageContaining("NULL");
    }

    @Test
    void unsupportedMapTypeIsRejectedToo() {
        Schema mapColumn = SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.STRING_SCHEMA).optional().build();

        assertThatThrownBy(() -> convertSingle(mapColumn, Map.of("k", "v")))
                .isInstanceOf(UnsupportedValueException.class)
                .hasMessageContaining("shop.things.v")
                .hasMessageContaining("MAP");
    }

    // --- values by logical type ---

    @Test
    void decimalIsPlainWithoutTrailingZeros() {
        assertThat(value(Decimal.builder(2).optional().build(), new BigDecimal("1.50"))).isEqualTo("1.5");
        assertThat(value(Decimal.builder(2).optional().build(), new BigDecimal("-0.10"))).isEqualTo("-0.1");
        assertThat(value(Decimal.builder(2).optional().build(), new BigDecimal("0.00"))).isEqualTo("0");
        assertThat(value(Decimal.builder(0).optional().build(), new BigDecimal("100"))).isEqualTo("100");
    }

    @Test
    void preciseUnsignedBigintArrivesAsDecimalOfScaleZeroAndKeepsEveryDigit() {
        assertThat(value(Decimal.builder(0).optional().build(), new BigDecimal("18446744073709551615")))
                .isEqualTo("18446744073709551615");
    }

    @Test
    void debeziumDateIsEpochDays() {
        Schema date = io.debezium.time.Date.builder().optional().build();

        assertThat(value(date, (int) LocalDate.of(2024, 3, 10).toEpochDay())).isEqualTo("2024-03-10");
        assertThat(value(date, 0)).isEqualTo("1970-01-01");
        assertThat(value(date, -1)).isEqualTo("1969-12-31");
    }

    @Test
    void debeziumTimestampIsEpochMillisReadAsUtcWallClockWithoutTrailingZeros() {
        Schema ts = io.debezium.time.Timestamp.builder().optional().build();

        assertThat(value(ts, utcMillis(LocalDateTime.of(2024, 3, 10, 7, 30, 0, 120_000_000)))).isEqualTo("2024-03-10 07:30:00.12");
        assertThat(value(ts, utcMillis(LocalDateTime.of(2024, 3, 10, 7, 30, 0, 123_000_000)))).isEqualTo("2024-03-10 07:30:00.123");
        assertThat(value(ts, utcMillis(LocalDateTime.of(2024, 3, 10, 7, 30, 0)))).isEqualTo("2024-03-10 07:30:00");
        assertThat(value(ts, -1L)).isEqualTo("1969-12-31 23:59:59.999");
    }

    @Test
    void debeziumMicroTimestampKeepsMicroseconds() {
        Schema ts = io.debezium.time.MicroTimestamp.builder().optional().build();
        long base = utcMillis(LocalDateTime.of(2024, 3, 10, 7, 30, 0)) * 1000;

        assertThat(value(ts, base + 123_456)).isEqualTo("2024-03-10 07:30:00.123456");
        assertThat(value(ts, base + 500_000)).isEqualTo("2024-03-10 07:30:00.5");
        assertThat(value(ts, base)).isEqualTo("2024-03-10 07:30:00");
    }

    @Test
    void debeziumZonedTimestampBecomesAUtcInstant() {
        Schema ts = io.debezium.time.ZonedTimestamp.builder().optional().build();

        assertThat(value(ts, "2024-03-10T07:30:00.5Z")).isEqualTo("2024-03-10 07:30:00.5Z");
        assertThat(value(ts, "2024-03-10T07:30:00Z")).isEqualTo("2024-03-10 07:30:00Z");
        assertThat(value(ts, "2024-03-10T09:30:00.123456+02:00")).isEqualTo("2024-03-10 07:30:00.123456Z");
    }

    @Test
    void debeziumMicroTimeAllowsNegativeSpansAndMoreThanADay() {
        Schema time = io.debezium.time.MicroTime.builder().optional().build();

        assertThat(value(time, 7_200_000_000L + 500_000L)).isEqualTo("02:00:00.5");
        assertThat(value(time, -3_600_500_000L)).isEqualTo("-01:00:00.5");
        assertThat(value(time, 90_000_000_000L)).isEqualTo("25:00:00");
        assertThat(value(time, (838L * 3600 + 59 * 60 + 59) * 1_000_000L)).isEqualTo("838:59:59");
        assertThat(value(time, -(838L * 3600 + 59 * 60 + 59) * 1_000_000L)).isEqualTo("-838:59:59");
        assertThat(value(time, 0L)).isEqualTo("00:00:00");
    }

    @Test
    void debeziumJsonIsNormalisedWithKeysSorted() {
        Schema json = io.debezium.data.Json.builder().optional().build();

        assertThat(value(json, "{ \"b\": 1,\n \"a\": {\"d\": [1, 2], \"c\": null} }"))
                .isEqualTo("{\"a\":{\"c\":null,\"d\":[1,2]},\"b\":1}");
        assertThat(value(json, "[3, \"x\"]")).isEqualTo("[3,\"x\"]");
    }

    @Test
    void debeziumEnumIsItsLabel() {
        Schema e = io.debezium.data.Enum.builder("small,Medium,large").optional().build();

        assertThat(value(e, "Medium")).isEqualTo("Medium");
    }

    @Test
    void debeziumEnumSetIsItsLabelsSorted() {
        Schema set = io.debezium.data.EnumSet.builder("a,b,c").optional().build();

        assertThat(value(set, "b,a")).isEqualTo("a,b");
        assertThat(value(set, "c,a,b")).isEqualTo("a,b,c");
        assertThat(value(set, "")).isEqualTo("");
    }

    @Test
    void otherDebeziumLogicalTypesAreReadByTheirPrimitive() {
        Schema uuid = SchemaBuilder.string().name("io.debezium.data.Uuid").optional().build();

        assertThat(value(uuid, "0e7c7c1e-6f7c-4a7b-9c1d-3b2a1f0e9d8c")).isEqualTo("0e7c7c1e-6f7c-4a7b-9c1d-3b2a1f0e9d8c");
    }

    @Test
    void debeziumBitsAreLeastSignificantByteFirstAndBecomeDigitsWithoutLeadingZeros() {
        Schema bits = io.debezium.data.Bits.builder(12).optional().build();

        assertThat(value(bits, new byte[] {0x05, 0x00})).isEqualTo("101");
        assertThat(value(bits, new byte[] {(byte) 0xff, 0x0f})).isEqualTo("111111111111");
        assertThat(value(bits, new byte[] {0x00, 0x00})).isEqualTo("0");
    }

    @Test
    void aNullInAColumnWithADefaultStaysNull() {
        Schema withDefault = SchemaBuilder.string().optional().defaultValue("dflt").build();

        assertThat(value(withDefault, null)).isNull();
        assertThat(value(withDefault, "x")).isEqualTo("x");
    }

    @Test
    void aZeroDateUnderTheErrorPolicyStopsCaptureNamingColumnAndPosition() {
        Schema canonical = SchemaBuilder.string().name(FerryColumnConverter.CANONICAL).optional().build();

        assertThat(value(canonical, "2024-01-01")).isEqualTo("2024-01-01");
        assertThatThrownBy(() -> value(canonical, FerryColumnConverter.ZERO_DATE))
                .isInstanceOf(UnsupportedValueException.class)
                .hasMessageContaining("shop.things.v").hasMessageContaining("mariadb-bin.000003")
                .hasMessageContaining("types.columns.\"things.v\".zeroDates");
    }

    @Test
    void aTinyintOneValueThatIsNoBooleanStopsCaptureNamingColumnPositionAndValue() {
        Schema canonical = SchemaBuilder.string().name(FerryColumnConverter.CANONICAL).optional().build();

        assertThat(value(canonical, "true")).isEqualTo("true");
        assertThatThrownBy(() -> value(canonical, FerryColumnConverter.NOT_BOOLEAN + "2"))
                .isInstanceOf(UnsupportedValueException.class)
                .hasMessageContaining("shop.things.v").hasMessageContaining("mariadb-bin.000003")
                .hasMessageContaining("TINYINT(1) value 2").hasMessageContaining("types.columns.\"things.v\".type: smallint");
    }

    // --- values by primitive type ---

    @Test
    void booleansAreTrueOrFalse() {
        assertThat(value(Schema.OPTIONAL_BOOLEAN_SCHEMA, true)).isEqualTo("true");
        assertThat(value(Schema.OPTIONAL_BOOLEAN_SCHEMA, false)).isEqualTo("false");
    }

    @Test
    void integersOfEveryWidthKeepTheirFullRange() {
        assertThat(value(Schema.OPTIONAL_INT8_SCHEMA, (byte) -128)).isEqualTo("-128");
        assertThat(value(Schema.OPTIONAL_INT16_SCHEMA, (short) 32767)).isEqualTo("32767");
        assertThat(value(Schema.OPTIONAL_INT32_SCHEMA, Integer.MIN_VALUE)).isEqualTo("-2147483648");
        assertThat(value(Schema.OPTIONAL_INT64_SCHEMA, Long.MAX_VALUE)).isEqualTo("9223372036854775807");
    }

    @Test
    void doublesUseTheCanonicalSpellingIncludingNegativeZero() {
        assertThat(value(Schema.OPTIONAL_FLOAT64_SCHEMA, -0.0d)).isEqualTo("-0");
        assertThat(value(Schema.OPTIONAL_FLOAT64_SCHEMA, 0.0d)).isEqualTo("0");
        assertThat(value(Schema.OPTIONAL_FLOAT64_SCHEMA, 1.5d)).isEqualTo("1.5");
        assertThat(value(Schema.OPTIONAL_FLOAT64_SCHEMA, Double.NaN)).isEqualTo("NaN");
    }

    @Test
    void floatsAreWidenedThroughTheirShortestDecimal() {
        assertThat(value(Schema.OPTIONAL_FLOAT32_SCHEMA, 0.1f)).isEqualTo("0.1");
    }

    @Test
    void stringsAreKeptAsIs() {
        assertThat(value(Schema.OPTIONAL_STRING_SCHEMA, "Zoë  ")).isEqualTo("Zoë  ");
        assertThat(value(Schema.OPTIONAL_STRING_SCHEMA, "")).isEqualTo("");
    }

    @Test
    void bytesAsArrayBecomeBase64() {
        assertThat(value(Schema.OPTIONAL_BYTES_SCHEMA, new byte[] {0, 1, 2, (byte) 0xff})).isEqualTo("AAEC/w==");
        assertThat(value(Schema.OPTIONAL_BYTES_SCHEMA, new byte[0])).isEqualTo("");
    }

    @Test
    void bytesAsByteBufferBecomeBase64OfTheRemainingBytes() {
        assertThat(value(Schema.OPTIONAL_BYTES_SCHEMA, ByteBuffer.wrap(new byte[] {0, 1, 2, (byte) 0xff}))).isEqualTo("AAEC/w==");
        ByteBuffer window = ByteBuffer.wrap(new byte[] {9, 0, 1, 2, (byte) 0xff, 9}, 1, 4);
        assertThat(value(Schema.OPTIONAL_BYTES_SCHEMA, window)).isEqualTo("AAEC/w==");
        assertThat(window.position()).as("reading must not consume the record's buffer").isEqualTo(1);
    }

    @Test
    void nullValuesStayNullForEveryType() {
        List<Schema> schemas = List.of(
                Schema.OPTIONAL_STRING_SCHEMA, Schema.OPTIONAL_INT64_SCHEMA, Schema.OPTIONAL_BYTES_SCHEMA,
                Schema.OPTIONAL_FLOAT64_SCHEMA, Schema.OPTIONAL_BOOLEAN_SCHEMA,
                Decimal.builder(2).optional().build(),
                io.debezium.time.Date.builder().optional().build(),
                io.debezium.time.Timestamp.builder().optional().build(),
                io.debezium.time.ZonedTimestamp.builder().optional().build(),
                io.debezium.time.MicroTime.builder().optional().build(),
                io.debezium.data.Json.builder().optional().build(),
                io.debezium.data.EnumSet.builder("a,b").optional().build(),
                SchemaBuilder.array(Schema.STRING_SCHEMA).optional().build());
        for (Schema s : schemas) {
            ChangeEvent e = convertSingle(s, null);
            assertThat(e.after()).as(s.type() + " " + s.name()).containsEntry("v", null);
        }
    }

    /** {@code shop.things (id BIGINT PRIMARY KEY, note TEXT, big TEXT)}: an INSERT or UPDATE whose big is Debezium's placeholder. */
    private static SourceRecord withUnsentBig(String op, long id) {
        Schema row = SchemaBuilder.struct().name("ferry.shop.things.Value").optional()
                .field("id", Schema.INT64_SCHEMA).field("note", Schema.OPTIONAL_STRING_SCHEMA).field("big", Schema.OPTIONAL_STRING_SCHEMA)
                .build();
        Schema keySchema = SchemaBuilder.struct().name("ferry.shop.things.Key").field("id", Schema.INT64_SCHEMA).build();
        Struct after = new Struct(row).put("id", id).put("note", "moved").put("big", PostgresSlot.UNAVAILABLE);
        return envelopeRecord("ferry.shop.things.Envelope", row, op, null, after, source("0-1-9", null).put("table", "things"), keySchema,
                new Struct(keySchema).put("id", id));
    }

    @Test
    void anInsertOfAKeyChangeTakesTheUnsentToastedValueFromTheSourceRowByItsNewKey() {
        List<String> asked = new java.util.ArrayList<>();
        RecordConverter pg = new RecordConverter("pg", (table, key, columns) -> {
            asked.add(table + " " + key + " " + columns);
            return Optional.of(Map.of("big", "the whole value"));
        });

        ChangeEvent e = pg.convert(withUnsentBig("c", 7)).orElseThrow();

        assertThat(e.after()).containsEntry("id", "7").containsEntry("note", "moved").containsEntry("big", "the whole value");
        assertThat(asked).containsExactly("shop.things {id=7} [big]");
        // An UPDATE leaves the column out (the target keeps its value) and reads nothing.
        ChangeEvent u = pg.convert(withUnsentBig("u", 8)).orElseThrow();
        assertThat(u.after()).containsOnlyKeys("id", "note");
        assertThat(asked).hasSize(1);
    }

    @Test
    void anInsertOfAKeyChangeWhoseRowIsGoneLeavesTheColumnOutAndWithoutAReaderStopsCapture() {
        RecordConverter gone = new RecordConverter("pg", (table, key, columns) -> Optional.empty());
        assertThat(gone.convert(withUnsentBig("c", 7)).orElseThrow().after()).containsOnlyKeys("id", "note");

        assertThatThrownBy(() -> new RecordConverter("pg").convert(withUnsentBig("c", 7)))
                .isInstanceOf(UnsupportedValueException.class)
                .hasMessageContaining("shop.things.big").hasMessageContaining("must carry it whole");
        RecordConverter failing = new RecordConverter("pg", (table, key, columns) -> {
            throw new java.sql.SQLException("connection refused");
        });
        assertThatThrownBy(() -> failing.convert(withUnsentBig("c", 7)))
                .hasMessageContaining("shop.things [big]").hasMessageContaining("connection refused");
    }

    // --- builders ---

    private ChangeEvent convert(SourceRecord r) {
        Optional<ChangeEvent> e = converter.convert(r);
        assertThat(e).isPresent();
        return e.get();
    }

    /** A table {@code shop.things (id BIGINT PRIMARY KEY, v <schema>)} with one row. */
    private ChangeEvent convertSingle(Schema column, Object v) {
        Schema row = SchemaBuilder.struct().name("ferry.shop.things.Value").optional()
                .field("id", Schema.INT64_SCHEMA)
                .field("v", column)
                .build();
        Schema keySchema = SchemaBuilder.struct().name("ferry.shop.things.Key").field("id", Schema.INT64_SCHEMA).build();
        Struct after = new Struct(row).put("id", 1L).put("v", v);
        Struct src = source("0-1-9", null).put("table", "things");
        return convert(envelopeRecord("ferry.shop.things.Envelope", row, "c", null, after, src, keySchema,
                new Struct(keySchema).put("id", 1L)));
    }

    @Test
    void truncateBecomesAKeylessMarkerAtItsPosition() {
        SourceRecord truncate = envelopeRecord("ferry.shop.orders.Envelope", ORDER_ROW, "t", null, null, source("0-1-77", null),
                null, null);

        ChangeEvent e = new RecordConverter("mariadb").convert(truncate).orElseThrow();

        assertThat(e.op()).isEqualTo(Op.TRUNCATE);
        assertThat(e.key()).isNull();
        assertThat(e.table()).isEqualTo(TableId.of("shop", "orders"));
        assertThat(e.position()).isEqualTo(new BinlogPosition("mariadb-bin.000003", 4567L, 2, "0-1-77"));
    }

    @Test
    void recognisesTheFirstRecordOfASnapshotRun() {
        assertThat(RecordConverter.startsSnapshot(record("r", null, order(1, "a", "1.00", "new"), source(null, "first")))).isTrue();
        assertThat(RecordConverter.startsSnapshot(record("r", null, order(1, "a", "1.00", "new"), source(null, "true")))).isFalse();
        assertThat(RecordConverter.startsSnapshot(record("c", null, order(1, "a", "1.00", "new"), source("0-1-1", null)))).isFalse();
    }

    private String value(Schema column, Object v) {
        return convertSingle(column, v).after().get("v");
    }

    private static long utcMillis(LocalDateTime t) {
        return t.toInstant(ZoneOffset.UTC).toEpochMilli();
    }

    private static Struct order(long id, String customer, String total, String status) {
        return new Struct(ORDER_ROW).put("id", id).put("customer", customer)
                .put("total", new BigDecimal(total).setScale(2)).put("status", status);
    }

    private static Struct source(String gtid, String snapshot) {
        return new Struct(SOURCE_SCHEMA)
                .put("db", "shop").put("table", "orders")
                .put("file", "mariadb-bin.000003").put("pos", 4567L).put("row", 2)
                .put("gtid", gtid).put("ts_ms", COMMIT_MILLIS).put("snapshot", snapshot);
    }

    private static Struct envelope(Schema row, String op, Struct before, Struct after, Struct source) {
        return envelope("ferry.shop.orders.Envelope", row, op, before, after, source);
    }

    private static Struct envelope(String name, Schema row, String op, Struct before, Struct after, Struct source) {
        Schema schema = SchemaBuilder.struct().name(name)
                .field("before", row)
                .field("after", row)
                .field("source", SOURCE_SCHEMA)
                .field("op", Schema.STRING_SCHEMA)
                .field("ts_ms", Schema.OPTIONAL_INT64_SCHEMA)
                .build();
        Struct s = new Struct(schema).put("before", before).put("after", after).put("source", source).put("op", op)
                .put("ts_ms", COMMIT_MILLIS + 250);
        s.validate();
        return s;
    }

    private static SourceRecord record(String op, Struct before, Struct after, Struct source) {
        long id = (after != null ? after : before).getInt64("id");
        return envelopeRecord("ferry.shop.orders.Envelope", ORDER_ROW, op, before, after, source, ORDER_KEY,
                new Struct(ORDER_KEY).put("id", id));
    }

    private static SourceRecord envelopeRecord(String name, Schema row, String op, Struct before, Struct after, Struct source,
            Schema keySchema, Struct key) {
        Struct value = envelope(name, row, op, before, after, source);
        return new SourceRecord(Map.of("server", "ferry"), Map.of("file", "mariadb-bin.000003", "pos", 4567L), TOPIC, null,
                keySchema, key, value.schema(), value);
    }
}
