package io.ferry.capture.registry;

import io.ferry.core.config.ConfigProblem;
import java.util.List;

/**
 * One pipeline file as the capture registry sees it.
 *
 * @param pipeline   the pipeline's name, or null when the file is broken and nothing runs for it
 * @param state      the engine's state, or null when no engine runs for the file
 * @param failure    why the engine failed, or null
 * @param problems   what is wrong with the file (file, line, key); an engine may still run on its last good config
 * @param connectors the connectors the file names
 * @param tables     the table patterns the engine runs with (empty when none runs)
 */
public record PipelineStatus(String file, String pipeline, EngineState state, String failure, List<ConfigProblem> problems,
                             List<String> connectors, List<String> tables) {

    public PipelineStatus {
        tables = List.copyOf(tables);
        problems = List.copyOf(problems);
        connectors = List.copyOf(connectors);
    }

    /** Whether capture runs for the file (possibly on the last good config of a now broken file). */
    public boolean running() {
        return state == EngineState.RUNNING;
    }
}
