package io.ferry.orchestrator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogFormatTest {

    @Test
    void acceptsTextJsonAndUnset() {
        assertThat(LogFormat.problem(null)).isEmpty();
        assertThat(LogFormat.problem("text")).isEmpty();
        assertThat(LogFormat.problem("json")).isEmpty();
    }

    @Test
    void refusesAnyOtherValueNamingTheVariableAndTheChoices() {
        assertThat(LogFormat.problem("JSON")).hasValue("FERRY_LOG_FORMAT=JSON is not a log format: use text or json");
        assertThat(LogFormat.problem("logfmt")).get().asString().contains("FERRY_LOG_FORMAT").contains("text or json");
    }
}
