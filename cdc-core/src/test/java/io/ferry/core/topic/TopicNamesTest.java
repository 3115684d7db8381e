package io.ferry.core.topic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.core.config.TablesConfig;
import io.ferry.core.schema.TableId;
import java.util.List;
import org.junit.jupiter.api.Test;

class TopicNamesTest {

    @Test
    void plainNamesMapToPrefixSchemaTable() {
        assertThat(TopicNames.changeTopic("ferry", TableId.of("shop", "order_lines"))).isEqualTo("ferry.shop.order_lines");
    }

    @Test
    void illegalCharactersAreReplacedAndStayDistinct() {
        String a = TopicNames.changeTopic("ferry", TableId.of("shop", "my table"));
        String b = TopicNames.changeTopic("ferry", TableId.of("shop", "my_table"));
        String c = TopicNames.changeTopic("ferry", TableId.of("shop", "my.table"));

        assertThat(a).matches("[A-Za-z0-9._-]+").startsWith("ferry.shop.my_table_");
        assertThat(a).isNotEqualTo(b).isNotEqualTo(c);
        assertThat(TopicNames.changeTopicPattern("ferry").matcher(a).matches()).isTrue();
        assertThat(TopicNames.changeTopicPattern("ferry").matcher(c).matches()).isTrue();
    }

    @Test
    void internalTopicsDoNotMatchTheChangePattern() {
        assertThat(TopicNames.changeTopicPattern("ferry").matcher(TopicNames.DLQ).matches()).isFalse();
        assertThat(TopicNames.changeTopicPattern("ferry").matcher("ferry.shop").matches()).isFalse();
    }

    @Test
    void overlongNamesAreShortenedWithinKafkasLimit() {
        String t = TopicNames.changeTopic("ferry", TableId.of("s", "x".repeat(300)));
        assertThat(t.length()).isLessThanOrEqualTo(249);
    }

    @Test
    void rejectsAnIllegalPrefix() {
        assertThatThrownBy(() -> TopicNames.changeTopic("fer ry", TableId.of("a", "b"))).hasMessageContaining("fer ry");
    }

    private static boolean carries(TablesConfig tables, String db, String table) {
        return TopicNames.pipelineTopicPattern("ferry", "shop", tables).matcher(TopicNames.changeTopic("ferry", TableId.of(db, table))).matches();
    }

    @Test
    void aPipelineConsumesOnlyItsOwnSourceDatabasesTopics() {
        assertThat(carries(TablesConfig.ALL, "shop", "orders")).isTrue();
        assertThat(carries(TablesConfig.ALL, "shop", "my table")).isTrue();
        assertThat(carries(TablesConfig.ALL, "crm", "orders")).as("another pipeline's database").isFalse();
        assertThat(carries(TablesConfig.ALL, "shop2", "orders")).isFalse();
        assertThat(TopicNames.pipelineTopicPattern("ferry", "shop", TablesConfig.ALL).matcher("ferry2.shop.orders").matches()).isFalse();
        assertThat(TopicNames.pipelineTopicPattern("ferry", "shop", TablesConfig.ALL).matcher(TopicNames.DLQ).matches()).isFalse();
        assertThat(TopicNames.pipelineTopicPattern("ferry", "my db", TablesConfig.ALL)
                .matcher(TopicNames.changeTopic("ferry", TableId.of("my db", "t"))).matches()).as("a rewritten database name").isTrue();
    }

    @Test
    void aPipelineConsumesOnlyTheTablesItsPatternsSelect() {
        TablesConfig tables = new TablesConfig(List.of("order*", "customers", "a?c", "*s"), List.of("orders_tmp*", "odd table"));
        assertThat(carries(tables, "shop", "orders")).isTrue();
        assertThat(carries(tables, "shop", "order_lines")).isTrue();
        assertThat(carries(tables, "shop", "customers")).isTrue();
        assertThat(carries(tables, "shop", "abc")).isTrue();
        assertThat(carries(tables, "shop", "items")).isTrue();
        assertThat(carries(tables, "shop", "my items")).as("a rewritten name under a wildcard").isTrue();
        assertThat(carries(tables, "shop", "customers2")).as("an exact name is exact").isFalse();
        assertThat(carries(tables, "shop", "invoice")).isFalse();
        assertThat(carries(tables, "shop", "abbc")).isFalse();
        assertThat(carries(tables, "shop", "orders_tmp1")).as("excluded").isFalse();
        assertThat(carries(tables, "shop", "Abc")).as("names are matched with case, as at capture").isFalse();

        TablesConfig spaced = new TablesConfig(List.of("odd table"), null);
        assertThat(carries(spaced, "shop", "odd table")).isTrue();
        assertThat(carries(spaced, "shop", "odd_table")).isFalse();
    }
}
