package io.ferry.capture;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.core.config.TablesConfig;
import io.ferry.core.event.SchemaChange;
import io.ferry.core.schema.TableId;
import io.ferry.core.schema.mapping.MySqlColumn;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.Test;

class SchemaChangesTest {

    private static final Schema COLUMN = SchemaBuilder.struct()
            .field("name", Schema.STRING_SCHEMA)
            .field("typeName", Schema.STRING_SCHEMA)
            .field("length", Schema.OPTIONAL_INT32_SCHEMA)
            .field("scale", Schema.OPTIONAL_INT32_SCHEMA)
            .field("optional", Schema.OPTIONAL_BOOLEAN_SCHEMA)
            .field("autoIncremented", Schema.OPTIONAL_BOOLEAN_SCHEMA)
            .field("defaultValueExpression", Schema.OPTIONAL_STRING_SCHEMA)
            .field("enumValues", SchemaBuilder.array(Schema.STRING_SCHEMA).optional().build())
            .build();

    @Test
    void renamesOfTablesAreToldFromRenamesOfColumnsAndIndexes() {
        assertThat(SchemaChanges.kind("RENAME TABLE t TO u", "ALTER")).isEqualTo(SchemaChange.Kind.RENAME);
        assertThat(SchemaChanges.kind("alter table t rename to u", "ALTER")).isEqualTo(SchemaChange.Kind.RENAME);
        assertThat(SchemaChanges.kind("ALTER TABLE t RENAME u", "ALTER")).isEqualTo(SchemaChange.Kind.RENAME);
        assertThat(SchemaChanges.kind("ALTER TABLE t RENAME COLUMN a TO b", "ALTER")).isEqualTo(SchemaChange.Kind.ALTER);
        assertThat(SchemaChanges.kind("ALTER TABLE t RENAME INDEX i TO j", "ALTER")).isEqualTo(SchemaChange.Kind.ALTER);
        assertThat(SchemaChanges.kind("ALTER TABLE t ADD COLUMN c2 INT DEFAULT 7", "ALTER")).isEqualTo(SchemaChange.Kind.ALTER);
        assertThat(SchemaChanges.kind("DROP TABLE t", "DROP")).isEqualTo(SchemaChange.Kind.DROP);
        assertThat(SchemaChanges.kind("CREATE TABLE t (id INT PRIMARY KEY)", "CREATE")).isEqualTo(SchemaChange.Kind.CREATE);
    }

    @Test
    void debeziumsTableIdIsReadWithItsQuotes() {
        assertThat(SchemaChanges.tableId("\"shop\".\"odd\"\"name\"", null)).isEqualTo(TableId.of("shop", "odd\"name"));
        assertThat(SchemaChanges.tableId("shop.orders", null)).isEqualTo(TableId.of("shop", "orders"));
    }

    @Test
    void columnsAreDescribedAsInformationSchemaWouldWithMariaDbStyleDefaults() {
        MySqlColumn unsigned = SchemaChanges.column(column("v", "INT UNSIGNED", 10, null, false, "7", null));
        assertThat(unsigned.dataType()).isEqualTo("int");
        assertThat(unsigned.unsigned()).isTrue();
        assertThat(unsigned.nullable()).isFalse();
        assertThat(unsigned.defaultValue()).isEqualTo("7");

        MySqlColumn name = SchemaChanges.column(column("name", "VARCHAR", 40, null, true, "it's", null));
        assertThat(name.columnType()).isEqualTo("varchar(40)");
        assertThat(name.charLength()).isEqualTo(40L);
        assertThat(name.defaultValue()).as("a string literal is quoted, as MariaDB's information_schema does").isEqualTo("'it''s'");

        MySqlColumn flag = SchemaChanges.column(column("flag", "ENUM", 1, null, false, "a", List.of("'a'", "'b''s'")));
        assertThat(flag.labels()).containsExactly("a", "b's");

        MySqlColumn amount = SchemaChanges.column(column("amount", "DECIMAL", 12, 2, true, null, null));
        assertThat(amount.columnType()).isEqualTo("decimal(12,2)");
        assertThat(amount.precision()).isEqualTo(12);
        assertThat(amount.scale()).isEqualTo(2);

        MySqlColumn flagBit = SchemaChanges.column(column("b", "TINYINT", 1, null, true, null, null));
        assertThat(flagBit.columnType()).isEqualTo("tinyint(1)");
    }

    @Test
    void tablePatternSelectsIncludedTablesButNotExcludedOnes() {
        Pattern p = Pattern.compile(DebeziumProperties.tablePattern("shop", new TablesConfig(List.of("order*", "users"), List.of("*_tmp"))));

        assertThat(p.matcher("shop.orders").matches()).isTrue();
        assertThat(p.matcher("shop.order_items").matches()).isTrue();
        assertThat(p.matcher("shop.users").matches()).isTrue();
        assertThat(p.matcher("shop.orders_tmp").matches()).isFalse();
        assertThat(p.matcher("shop.audit").matches()).isFalse();
        assertThat(p.matcher("other.orders").matches()).isFalse();
    }

    private static Struct column(String name, String type, Integer length, Integer scale, boolean optional, String dflt, List<String> labels) {
        return new Struct(COLUMN).put("name", name).put("typeName", type).put("length", length).put("scale", scale)
                .put("optional", optional).put("autoIncremented", false).put("defaultValueExpression", dflt).put("enumValues", labels);
    }
}
