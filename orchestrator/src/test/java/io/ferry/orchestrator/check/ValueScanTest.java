package io.ferry.orchestrator.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.core.config.ConfigLoader;
import io.ferry.core.config.TypesConfig;
import io.ferry.core.config.TypesConfig.ColumnRule;
import io.ferry.core.config.ZeroDatePolicy;
import io.ferry.core.schema.TableId;
import io.ferry.core.schema.mapping.MySqlColumn;
import io.ferry.orchestrator.schema.MySqlTable;
import java.util.List;
import org.junit.jupiter.api.Test;

class ValueScanTest {

    private static final String PIPELINE = "name: p\nsource: {kind: mariadb, host: h, user: u, database: db}\n"
            + "target: {kind: postgresql, host: h, user: u, database: d}\nkafka: {bootstrapServers: 'k:1'}\n";

    private static MySqlTable table(String name, MySqlColumn column) {
        return new MySqlTable(TableId.of("db", name), List.of(column), List.of(), List.of(), List.of(), List.of(), "");
    }

    /** The YAML block that the advice ends with: from its {@code types:} line on. */
    private static String yamlOf(Finding f) {
        String m = f.message();
        int start = m.indexOf("types:\n");
        assertThat(start).as("advice holds a types: block: %s", m).isPositive();
        return m.substring(start).lines().takeWhile(l -> l.startsWith("types:") || l.startsWith(" ")).reduce("", (a, b) -> a + b + "\n");
    }

    @Test
    void tinyint1AdviceIsYamlThatPastedIntoThePipelineFileMapsTheColumnToSmallint() {
        MySqlColumn flag = new MySqlColumn("flag", "tinyint", "tinyint(1)", true, null, null, null, null, null, "");
        Finding f = ValueScan.finding(table("ints", flag), flag, 3, TypesConfig.DEFAULTS);

        TypesConfig pasted = ConfigLoader.parse(PIPELINE + yamlOf(f), "p.yaml", n -> null, null).types();

        assertThat(f.message()).doesNotContain("types.columns.\"");
        assertThat(pasted.columns()).containsEntry("ints.flag", new ColumnRule("smallint", null, null));
        assertThat(pasted.tinyint1AsBoolean("ints", "flag", "tinyint(1)")).isFalse();
    }

    @Test
    void zeroDateAdviceIsPasteableYamlEvenForNamesWithDotsQuotesAndSpaces() {
        MySqlColumn when = new MySqlColumn("when \"it\" was", "date", "date", false, null, null, null, null, null, "");
        Finding f = ValueScan.finding(table("Order Details", when), when, 2, TypesConfig.DEFAULTS);

        TypesConfig pasted = ConfigLoader.parse(PIPELINE + yamlOf(f), "p.yaml", n -> null, null).types();

        assertThat(pasted.zeroDateRule("Order Details", "when \"it\" was").policy()).isEqualTo(ZeroDatePolicy.AS_NULL);
    }
}
