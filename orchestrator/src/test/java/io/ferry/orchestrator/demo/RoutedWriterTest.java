package io.ferry.orchestrator.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.orchestrator.migration.Routing;
import org.junit.jupiter.api.Test;

class RoutedWriterTest {

    @Test
    void parsesTheRouteAsTheEndpointAnswersIt() {
        assertThat(RoutedWriter.parseRoute("{\"side\":\"target\",\"version\":2}")).isEqualTo(new Routing(Routing.Side.TARGET, 2));
        assertThat(RoutedWriter.parseRoute(Routing.INITIAL.json())).isEqualTo(Routing.INITIAL);
    }

    @Test
    void anUnknownSideIsRefusedNamingIt() {
        assertThatThrownBy(() -> RoutedWriter.parseRoute("{\"side\":\"replica\",\"version\":2}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("\"replica\"");
    }

    @Test
    void aRouteWithoutVersionOrNotJsonIsRefusedQuotingTheAnswer() {
        assertThatThrownBy(() -> RoutedWriter.parseRoute("{\"side\":\"source\"}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("\"version\"").hasMessageContaining("{\"side\":\"source\"}");
        assertThatThrownBy(() -> RoutedWriter.parseRoute("<html>busy</html>"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not JSON").hasMessageContaining("<html>busy</html>");
    }
}
