package io.ferry.core.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Reads a YAML config file into an immutable record, or fails with a {@link ConfigException} listing every
 * problem in the file: syntax errors, unknown keys (with the closest known key), missing required keys, values of
 * the wrong type, unresolvable {@code ${env:NAME}} and {@code ${file:path}} references, and the records' own
 * rules. Each problem carries file, line, column and key path; none shows a secret or a resolved reference.
 *
 * <pre>{@code
 * PipelineConfig config = ConfigLoader.load(Path.of("config/pipeline.yaml"));
 * }</pre>
 *
 * Works for any record type made of records, lists, string maps, enums, strings, {@link Secret}s, booleans and
 * integers; keys are the component names. Mark required components {@code @JsonProperty(required = true)},
 * apply defaults in the compact constructor and state rules with {@link Checks}.
 */
public final class ConfigLoader {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private ConfigLoader() {
    }

    /** Loads a pipeline file, with references resolved from the process environment and the file's directory. */
    public static PipelineConfig load(Path file) {
        return load(file, PipelineConfig.class);
    }

    /** Loads a config file of any record type, as {@link #load(Path)} does. */
    public static <T extends Record> T load(Path file, Class<T> type) {
        String yaml = read(file);
        return parse(yaml, file.toString(), System::getenv, file.toAbsolutePath().getParent(), type);
    }

    /** Loads a pipeline file whose {@code connector:} references resolve against {@code connectors}. */
    public static PipelineConfig load(Path file, Connectors connectors) {
        String yaml = read(file);
        return parse(yaml, file.toString(), System::getenv, file.toAbsolutePath().getParent(), PipelineConfig.class, connectors);
    }

    /** The text of a config file, or a {@link ConfigException} saying why it cannot be read. */
    static String read(Path file) {
        try {
            return decode(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            throw unreadable(file, "the file does not exist");
        } catch (CharacterCodingException e) {
            throw unreadable(file, "the file is not UTF-8 text");
        } catch (IOException e) {
            throw unreadable(file, "the file cannot be read: " + e.getClass().getSimpleName());
        }
    }

    /**
     * Parses a pipeline file's text.
     *
     * @param fileName           how problems name the file
     * @param env                looks up {@code ${env:NAME}}; null for an unset variable
     * @param baseDirForFileRefs where relative {@code ${file:path}} paths start; null for the working directory
     * @throws ConfigException listing every problem
     */
    public static PipelineConfig parse(String yaml, String fileName, Function<String, String> env, Path baseDirForFileRefs) {
        return parse(yaml, fileName, env, baseDirForFileRefs, PipelineConfig.class);
    }

    /**
     * Parses the text of a config file of any record type, as {@link #parse(String, String, Function, Path)} does.
     * A pipeline's {@code connector:} references resolve against the registry folder {@code connectors} beside the
     * file's folder ({@link Connectors#besidePipelineFolder}).
     */
    public static <T extends Record> T parse(String yaml, String fileName, Function<String, String> env,
                                             Path baseDirForFileRefs, Class<T> type) {
        return parse(yaml, fileName, env, baseDirForFileRefs, type, Connectors.besidePipelineFolder(baseDirForFileRefs, env));
    }

    /** As {@link #parse(String, String, Function, Path, Class)}, with {@code connector:} references resolved against {@code connectors}. */
    public static <T extends Record> T parse(String yaml, String fileName, Function<String, String> env,
                                             Path baseDirForFileRefs, Class<T> type, Connectors connectors) {
        Objects.requireNonNull(yaml, "yaml");
        Objects.requireNonNull(fileName, "fileName");
        Objects.requireNonNull(env, "env");
        Objects.requireNonNull(type, "type");
        Problems problems = new Problems(fileName);
        YamlTree tree = YamlTree.read(yaml, problems);
        if (tree == null) {
            throw problems.toException();
        }
        References references = new References(env, baseDirForFileRefs);
        JsonNode checked = new RecordBinder(MAPPER, tree, references, problems, connectors).check(type);
        if (checked == null || !problems.isEmpty()) {
            throw problems.toException();
        }
        T bound = bind(checked, type);
        if (bound instanceof PipelineConfig p && p.target().kind() != TargetKind.POSTGRESQL) {
            // MariaDB and MySQL targets exist for reverse replication, which Ferry configures itself from the pipeline.
            throw new ConfigException(List.of(new ConfigProblem(fileName, 0, 0, "target.kind",
                    "must be postgresql; " + p.target().kind().name().toLowerCase(java.util.Locale.ROOT)
                            + " is only the way back of a rollback, set up by the cutover (docs/rollback.md)")));
        }
        return bound;
    }

    private static <T extends Record> T bind(JsonNode checked, Class<T> type) {
        try {
            return MAPPER.treeToValue(checked, type);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            // Every check passed, so this is a bug here. No cause attached: Jackson's message may quote a secret.
            String at = e instanceof JsonMappingException m ? " at " + m.getPathReference() : "";
            throw new IllegalStateException("binding a checked " + type.getSimpleName() + " failed" + at + ": "
                    + e.getClass().getSimpleName());
        }
    }

    private static String decode(byte[] bytes) throws CharacterCodingException {
        return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
    }

    private static ConfigException unreadable(Path file, String message) {
        return new ConfigException(List.of(new ConfigProblem(file.toString(), 0, 0, "", message)));
    }
}
