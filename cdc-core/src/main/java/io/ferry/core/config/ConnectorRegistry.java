package io.ferry.core.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The connector registry: one YAML file per connection in a folder ({@code config/connectors/}), each named by its
 * file name without {@code .yaml}. A broken file is reported with file, line and key and does not hide the others.
 */
public final class ConnectorRegistry {

    /** What a connector file name may be: it becomes the name pipelines refer to. */
    public static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]*");

    /** One file of the registry: its connection, or why it cannot be used. */
    public record Entry(String name, Path file, ConnectorConfig config, String problem) {
        public boolean valid() {
            return problem == null;
        }
    }

    private ConnectorRegistry() {
    }

    /** Reads every {@code *.yaml} and {@code *.yml} file of {@code dir}, in name order. */
    public static List<Entry> scan(Path dir, Function<String, String> env) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException(dir + " is not a directory (the connector registry: one YAML file per connection)");
        }
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(f -> f.getFileName().toString().matches(".*\\.ya?ml")).sorted().toList();
        }
        List<Entry> entries = new ArrayList<>();
        for (Path f : files) {
            entries.add(read(f, env));
        }
        return entries;
    }

    /** Reads one connector file; never throws for what the file holds. */
    public static Entry read(Path file, Function<String, String> env) {
        String name = file.getFileName().toString().replaceFirst("\\.ya?ml$", "");
        if (!NAME.matcher(name).matches()) {
            return new Entry(name, file, null, file + ": the file name must be letters, digits, '-' and '_' (it names the connector)");
        }
        try {
            String yaml = Files.readString(file, StandardCharsets.UTF_8);
            ConnectorConfig config = ConfigLoader.parse(yaml, file.toString(), env, file.toAbsolutePath().getParent(), ConnectorConfig.class);
            return new Entry(name, file, config, null);
        } catch (ConfigException e) {
            return new Entry(name, file, null, e.getMessage());
        } catch (IOException e) {
            return new Entry(name, file, null, file + ": cannot read: " + e.getMessage());
        }
    }
}
