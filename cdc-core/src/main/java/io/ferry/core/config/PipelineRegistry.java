package io.ferry.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The pipeline folder ({@code config/pipelines/}): one pipeline file per pipeline, each possibly naming connectors
 * of a {@link Connectors} registry. A broken file is an entry with its problems (file, line, key), never an
 * exception, so it does not hide the others.
 */
public final class PipelineRegistry {

    /**
     * One pipeline file: its pipeline, or the problems that keep it from being one.
     *
     * @param connectors the connector names its {@code source} and {@code target} refer to (read even from a broken
     *                   file, as far as its YAML goes)
     * @param nameLine   where its {@code name} key is written (0 when unknown), for problems about the name
     */
    public record Entry(Path file, PipelineConfig config, List<ConfigProblem> problems, List<String> connectors,
                        int nameLine, int nameColumn) {

        public Entry {
            problems = List.copyOf(problems);
            connectors = List.copyOf(connectors);
        }

        public boolean valid() {
            return problems.isEmpty();
        }

        /** The file's name in its folder, which identifies the entry. */
        public String fileName() {
            return file.getFileName().toString();
        }

        /** A problem about the pipeline's {@code name}, located at its key. */
        public ConfigProblem nameProblem(String message) {
            return new ConfigProblem(file.toString(), nameLine, nameLine > 0 ? nameColumn : 0, "name", message);
        }
    }

    private PipelineRegistry() {
    }

    /** Reads every {@code *.yaml} and {@code *.yml} file of {@code dir}, in name order. */
    public static List<Entry> scan(Path dir, Connectors connectors, Function<String, String> env) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException(dir + " is not a directory (the pipeline folder: one YAML file per pipeline)");
        }
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(PipelineRegistry::isConfigFile).sorted().toList();
        }
        List<Entry> entries = new ArrayList<>();
        for (Path f : files) {
            entries.add(read(f, connectors, env));
        }
        return entries;
    }

    /** Whether a folder's file is one of its entries: YAML, and not hidden (an editor's swap or backup file). */
    public static boolean isConfigFile(Path file) {
        String name = file.getFileName().toString();
        return !name.startsWith(".") && name.matches(".*\\.ya?ml") && Files.isRegularFile(file);
    }

    /** Reads one pipeline file; never throws for what the file holds. */
    public static Entry read(Path file, Connectors connectors, Function<String, String> env) {
        String yaml;
        try {
            yaml = ConfigLoader.read(file);
        } catch (ConfigException e) {
            return new Entry(file, null, e.problems(), List.of(), 0, 0);
        }
        Problems ignored = new Problems(file.toString());
        YamlTree tree = YamlTree.read(yaml, ignored);
        List<String> used = new ArrayList<>();
        int nameLine = 0;
        int nameColumn = 0;
        if (tree != null && tree.root().isObject()) {
            for (String section : List.of("source", "target")) {
                JsonNode name = tree.root().path(section).path(ConnectorReferences.KEY);
                if (name.isTextual() && !name.textValue().isBlank()) {
                    used.add(name.textValue().trim());
                }
            }
            Mark mark = tree.keyMark("name");
            if (mark != null) {
                nameLine = mark.line();
                nameColumn = mark.column();
            }
        }
        try {
            PipelineConfig config = ConfigLoader.parse(yaml, file.toString(), env, file.toAbsolutePath().getParent(),
                    PipelineConfig.class, connectors);
            return new Entry(file, config, List.of(), used, nameLine, nameColumn);
        } catch (ConfigException e) {
            return new Entry(file, null, e.problems(), used, nameLine, nameColumn);
        }
    }
}
