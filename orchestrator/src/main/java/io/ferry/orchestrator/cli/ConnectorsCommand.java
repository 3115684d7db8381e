package io.ferry.orchestrator.cli;

import io.ferry.core.config.ConnectorConfig;
import io.ferry.core.config.ConnectorRegistry;
import io.ferry.core.config.Connectors;
import io.ferry.core.config.PipelineRegistry;
import io.ferry.capture.registry.PipelineStatus;
import io.ferry.capture.registry.RegistryEndpoint;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ferry connectors validate|list}: the connector registry, one YAML file per connection. */
@Command(name = "connectors", mixinStandardHelpOptions = true,
        description = "The connector registry: one YAML file per connection in a folder (config/connectors/).",
        subcommands = {ConnectorsCommand.Validate.class, ConnectorsCommand.ListConnectors.class})
final class ConnectorsCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    static List<ConnectorRegistry.Entry> scan(Path dir) throws Exception {
        return ConnectorRegistry.scan(dir, System::getenv);
    }

    @Command(name = "validate", mixinStandardHelpOptions = true,
            description = "Checks every connector file; names file, line and key of each problem. Exit code 1 when any is broken.")
    static final class Validate implements Callable<Integer> {

        @Option(names = {"-d", "--dir"}, defaultValue = "config/connectors", description = "The registry folder (default: ${DEFAULT-VALUE}).")
        Path dir;

        @Override
        public Integer call() throws Exception {
            int broken = 0;
            List<ConnectorRegistry.Entry> entries = scan(dir);
            for (ConnectorRegistry.Entry e : entries) {
                if (e.valid()) {
                    System.out.println("ok      " + e.name() + " (" + e.file() + ")");
                } else {
                    broken++;
                    // one problem per line, the second and later ones indented under the first
                    System.out.println("BROKEN  " + e.name() + ": " + e.problem().replace("\n", "\n        "));
                }
            }
            System.out.println(entries.size() + " connector file(s), " + broken + " broken");
            return broken == 0 ? 0 : 1;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = {"Lists the connectors of the registry with their status (valid or broken) and the pipeline files that use them.",
                    "Then the pipeline files with their connectors (a broken one with file, line and key of its first problem, "
                            + "and how many more)."})
    static final class ListConnectors implements Callable<Integer> {

        @Option(names = {"-d", "--dir"}, defaultValue = "config/connectors", description = "The registry folder (default: ${DEFAULT-VALUE}).")
        Path dir;

        @Option(names = "--pipelines", description = "The pipeline folder whose files name these connectors "
                + "(default: the folder 'pipelines' beside the registry, when there is one).")
        Path pipelines;

        @Option(names = "--capture", description = "The address of a capture registry's --port (http://host:port): adds whether "
                + "each pipeline file's engine runs.")
        URI capture;

        @Override
        public Integer call() throws Exception {
            List<ConnectorRegistry.Entry> entries = scan(dir);
            Map<String, PipelineStatus> running = capture == null ? Map.of() : captureStatus(capture);
            Path folder = pipelines != null ? pipelines : dir.toAbsolutePath().resolveSibling("pipelines");
            List<PipelineRegistry.Entry> pipelineFiles = pipelines != null || Files.isDirectory(folder)
                    ? PipelineRegistry.scan(folder, Connectors.of(dir, entries), System::getenv) : List.of();
            System.out.printf("%-24s %-11s %-40s %-12s %-24s %s%n", "NAME", "KIND", "ADDRESS", "TLS", "USED BY", "STATUS");
            for (ConnectorRegistry.Entry e : entries) {
                ConnectorConfig c = e.config();
                String problem = e.valid() ? "valid" : "broken: " + e.problem().lines().findFirst().orElse("").strip();
                String users = pipelineFiles.stream().filter(p -> p.connectors().contains(e.name()))
                        .map(p -> p.fileName() + (running.containsKey(p.fileName()) ? "(" + state(running.get(p.fileName())) + ")" : ""))
                        .collect(Collectors.joining(","));
                System.out.printf("%-24s %-11s %-40s %-12s %-24s %s%n", e.name(),
                        c == null ? "-" : c.kind().name().toLowerCase(java.util.Locale.ROOT),
                        c == null ? "-" : c.host() + ":" + c.port() + "/" + c.database(),
                        c == null ? "-" : c.tls().mode(), users.isEmpty() ? "-" : users, problem);
            }
            if (!pipelineFiles.isEmpty()) {
                System.out.println();
                System.out.printf("%-24s %-24s %-32s %-10s %s%n", "PIPELINE FILE", "PIPELINE", "CONNECTORS", "CAPTURE", "STATUS");
                for (PipelineRegistry.Entry p : pipelineFiles) {
                    System.out.printf("%-24s %-24s %-32s %-10s %s%n", p.fileName(), p.valid() ? p.config().name() : "-",
                            p.connectors().isEmpty() ? "-" : String.join(",", p.connectors()),
                            capture == null ? "-" : running.containsKey(p.fileName()) ? state(running.get(p.fileName())) : "none",
                            p.valid() ? "valid" : "broken: " + p.problems().get(0).format()
                                    + (p.problems().size() > 1 ? " (and " + (p.problems().size() - 1) + " more)" : ""));
                }
            }
            return 0;
        }

        private static String state(PipelineStatus status) {
            return status.state() == null ? "none" : status.state().name().toLowerCase(java.util.Locale.ROOT);
        }

        /** What the capture registry at {@code address} runs, by pipeline file. */
        private static Map<String, PipelineStatus> captureStatus(URI address) throws Exception {
            HttpResponse<String> response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()
                    .send(HttpRequest.newBuilder(address.resolve(RegistryEndpoint.PATH)).timeout(Duration.ofSeconds(10)).GET().build(),
                            HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(address + RegistryEndpoint.PATH + " answered " + response.statusCode()
                        + " (is it a capture started with --pipelines and --port?)");
            }
            Map<String, PipelineStatus> byFile = new java.util.TreeMap<>();
            RegistryEndpoint.read(response.body()).forEach(p -> byFile.put(p.file(), p));
            return byFile;
        }
    }
}
