package io.ferry.core.value.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EngineTest {

    @Test
    void literalsDoubleQuotesAndOnMysqlBackslashesToo() {
        assertThat(Engine.MYSQL.literal("it's a\\b")).isEqualTo("'it''s a\\\\b'");
        assertThat(Engine.POSTGRESQL.literal("it's a\\b")).isEqualTo("'it''s a\\b'");
        assertThat(Engine.POSTGRESQL.quote("Sales \"X\"")).isEqualTo("\"Sales \"\"X\"\"\"");
    }
}
