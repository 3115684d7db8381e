package io.ferry.core.topic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.core.schema.TableId;
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
}
