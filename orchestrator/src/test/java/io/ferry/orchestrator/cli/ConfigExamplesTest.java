package io.ferry.orchestrator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.core.config.ConnectorRegistry;
import io.ferry.core.config.Connectors;
import io.ferry.core.config.PipelineRegistry;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The example folders of config/ hold what the docs say: connectors and pipelines that name them, all valid. */
class ConfigExamplesTest {

    private static final Path CONFIG = Path.of("..").toAbsolutePath().normalize().resolve("config");
    /** The environment docker/compose.yaml gives the services. */
    private static final Function<String, String> ENV = Map.of("FERRY_SOURCE_PASSWORD", "s", "FERRY_TARGET_PASSWORD", "t")::get;

    @Test
    void everyConnectorAndPipelineFileOfConfigIsValidAndThePipelinesNameTheConnectors() throws Exception {
        List<ConnectorRegistry.Entry> connectors = ConnectorRegistry.scan(CONFIG.resolve("connectors"), ENV);
        assertThat(connectors).isNotEmpty().allSatisfy(c -> assertThat(c.problem()).as(c.name()).isNull());

        List<PipelineRegistry.Entry> pipelines = PipelineRegistry.scan(CONFIG.resolve("pipelines"),
                Connectors.besidePipelineFolder(CONFIG.resolve("pipelines"), ENV), ENV);
        assertThat(pipelines).isNotEmpty().allSatisfy(p -> {
            assertThat(p.problems()).as(p.fileName()).isEmpty();
            assertThat(p.connectors()).as(p.fileName()).isNotEmpty();
            assertThat(connectors.stream().map(ConnectorRegistry.Entry::name)).containsAll(p.connectors());
        });
    }
}
