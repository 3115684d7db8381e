package io.ferry.capture.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.core.config.ConfigProblem;
import java.util.List;
import org.junit.jupiter.api.Test;

class RegistryEndpointTest {

    @Test
    void theStatusDocumentReadsBackAsWritten() throws Exception {
        List<PipelineStatus> status = List.of(
                new PipelineStatus("shop.yaml", "shop", EngineState.RUNNING, null,
                        List.of(new ConfigProblem("p/shop.yaml", 4, 1, "tabels", "unknown key")), List.of("shop-mysql"), List.of("orders")),
                new PipelineStatus("broken.yaml", null, null, null, List.of(), List.of(), List.of()));

        assertThat(RegistryEndpoint.read(RegistryEndpoint.write(status))).isEqualTo(status);
    }
}
