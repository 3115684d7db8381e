package io.ferry.capture.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.ferry.core.metrics.FerryRegistry;
import io.ferry.core.metrics.Health;
import io.ferry.core.metrics.ServiceEndpoint;
import java.io.IOException;
import java.util.List;

/**
 * The capture registry over HTTP: {@code GET /registry} (every pipeline file with its engine's state and its
 * problems, as JSON, which {@code ferry connectors list --capture URL} reads), {@code /metrics} and
 * {@code /health/live} and {@code /health/ready} (ready while no engine has failed). No secret is in any of them:
 * problems never quote one, and configs are not part of the document.
 */
public final class RegistryEndpoint {

    /** The path of the status document. */
    public static final String PATH = "/registry";

    private static final ObjectMapper JSON = JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private RegistryEndpoint() {
    }

    /** Serves the registry on {@code bind:port} (0: a free port). */
    public static ServiceEndpoint serve(CaptureRegistry registry, String bind, int port) throws IOException {
        var meters = FerryRegistry.create();
        Health health = new Health();
        registry.bindMetrics(meters, health);
        return ServiceEndpoint.serve("capture", bind, port, meters, health).route(PATH, ex -> {
            try (ex) {
                ServiceEndpoint.send(ex, 200, "application/json", write(registry.status()));
            }
        });
    }

    static String write(List<PipelineStatus> status) throws JsonProcessingException {
        return JSON.writeValueAsString(status);
    }

    /** Reads the document {@link #PATH} serves. */
    public static List<PipelineStatus> read(String json) throws JsonProcessingException {
        return List.of(JSON.readValue(json, PipelineStatus[].class));
    }
}
