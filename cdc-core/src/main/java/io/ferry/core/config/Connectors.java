package io.ferry.core.config;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The connectors a pipeline file may refer to by name ({@code source: {connector: shop-mysql}}): the entries of
 * a {@link ConnectorRegistry} folder, read when the first reference needs them, so that a pipeline without
 * references never touches the folder.
 */
public final class Connectors {

    /** A pipeline file's registry when none is given: the folder {@code connectors} beside the pipeline's folder. */
    public static final String DEFAULT_FOLDER = "connectors";

    private final Path dir;
    private final Function<String, String> env;
    private Map<String, ConnectorRegistry.Entry> entries;
    private String unreadable;

    private Connectors(Path dir, Function<String, String> env, Map<String, ConnectorRegistry.Entry> entries) {
        this.dir = dir;
        this.env = env;
        this.entries = entries;
    }

    /** The registry in {@code dir}, read on first use with {@code env} for {@code ${env:NAME}}. */
    public static Connectors in(Path dir, Function<String, String> env) {
        return new Connectors(dir, env, null);
    }

    /** Entries already read (one scan shared by all pipeline files of a folder). */
    public static Connectors of(Path dir, List<ConnectorRegistry.Entry> entries) {
        Map<String, ConnectorRegistry.Entry> byName = new LinkedHashMap<>();
        entries.forEach(e -> byName.put(e.name(), e));
        return new Connectors(dir, null, byName);
    }

    /**
     * The registry of pipeline files in {@code pipelineFolder} when none is named: the folder {@value #DEFAULT_FOLDER}
     * beside it ({@code config/connectors} for {@code config/pipelines/shop.yaml}); null stands for the working directory.
     */
    public static Connectors besidePipelineFolder(Path pipelineFolder, Function<String, String> env) {
        Path folder = (pipelineFolder != null ? pipelineFolder : Path.of("")).toAbsolutePath();
        return in(folder.getParent() != null ? folder.resolveSibling(DEFAULT_FOLDER) : folder.resolve(DEFAULT_FOLDER), env);
    }

    public Path dir() {
        return dir;
    }

    /** The connector of that name, if the folder has its file. */
    Optional<ConnectorRegistry.Entry> find(String name) {
        return Optional.ofNullable(entries().get(name));
    }

    /** All names, for suggestions. */
    List<String> names() {
        return List.copyOf(entries().keySet());
    }

    /** Why the folder could not be read, or null. */
    String unreadable() {
        entries();
        return unreadable;
    }

    private synchronized Map<String, ConnectorRegistry.Entry> entries() {
        if (entries == null) {
            entries = new LinkedHashMap<>();
            try {
                ConnectorRegistry.scan(dir, env).forEach(e -> entries.put(e.name(), e));
            } catch (IOException e) {
                unreadable = e.getMessage();
            }
        }
        return entries;
    }
}
