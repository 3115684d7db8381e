package io.ferry.orchestrator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ferry.core.config.ConfigLoader;
import io.ferry.core.config.PipelineConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import picocli.CommandLine;

/**
 * Docker is not on every machine that builds Ferry: this test holds docker/ (Dockerfile, compose file, Prometheus
 * and Grafana provisioning) and config/docker/ to the code they name: modules, jar and main class, commands and
 * options, config paths and keys, environment names, host names and ports.
 */
class DockerFilesTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final String CONFIG_IN_IMAGE = "/etc/ferry/";

    @Test
    void theImageBuildsEveryModuleAndRunsFerrysJarAsANonRootUser() throws Exception {
        String dockerfile = Files.readString(ROOT.resolve("docker/Dockerfile"));
        String rootPom = Files.readString(ROOT.resolve("pom.xml"));
        Set<String> modules = all(Pattern.compile("<module>([^<]+)</module>"), rootPom);
        Set<String> copied = all(Pattern.compile("(?m)^COPY (?!--from)([a-z-]+) \\1$"), dockerfile);
        assertThat(copied).as("modules the build stage copies (the reactor needs every module's pom)").isEqualTo(modules);

        String pom = Files.readString(ROOT.resolve("orchestrator/pom.xml"));
        assertThat(pom).contains("<finalName>ferry</finalName>").contains("<classpathPrefix>lib/</classpathPrefix>");
        Matcher main = Pattern.compile("<mainClass>([^<]+)</mainClass>").matcher(pom);
        assertThat(main.find()).isTrue();
        assertThat(Class.forName(main.group(1))).isEqualTo(Ferry.class);
        assertThat(dockerfile).contains("/src/orchestrator/target/ferry.jar /opt/ferry/ferry.jar")
                .contains("/src/orchestrator/target/lib /opt/ferry/lib").contains("-jar /opt/ferry/ferry.jar")
                .contains("COPY config /etc/ferry");

        Matcher user = Pattern.compile("(?m)^USER (\\S+)$").matcher(dockerfile);
        assertThat(user.find()).as("a USER line").isTrue();
        assertThat(user.group(1)).isNotIn("root", "0");

        // The environment the image documents is the one the launcher and logback read.
        String launcher = Files.readString(ROOT.resolve("ferry"));
        for (String env : List.of("FERRY_HEAP", "FERRY_JAVA_OPTS")) {
            assertThat(dockerfile).contains(env);
            assertThat(launcher).as("./ferry reads %s", env).contains(env);
        }
        String logback = Files.readString(ROOT.resolve("orchestrator/src/main/resources/logback.xml"));
        assertThat(dockerfile).contains(LogFormat.VARIABLE + "=json").contains("FERRY_LOG_LEVEL=");
        assertThat(logback).contains("${" + LogFormat.VARIABLE + ":-text}").contains("${FERRY_LOG_LEVEL:-WARN}");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theComposeFileRunsFerryCommandsOnConfigFilesThatLoadAgainstItsServices() throws Exception {
        Map<String, Object> compose = new Yaml().load(Files.readString(ROOT.resolve("docker/compose.yaml")));
        Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) compose.get("services");
        Set<String> commands = new CommandLine(new Ferry()).getSubcommands().keySet();
        List<String> ferryServices = new ArrayList<>();
        PipelineConfig pipeline = null;
        for (var e : services.entrySet()) {
            Map<String, Object> service = e.getValue();
            if (!"ferry:latest".equals(service.get("image"))) {
                continue;
            }
            ferryServices.add(e.getKey());
            List<String> command = (List<String>) service.get("command");
            assertThat(commands).as("service %s runs a ferry command", e.getKey()).contains(command.get(0));
            new CommandLine(new Ferry()).parseArgs(command.toArray(String[]::new)); // options that exist, values that parse
            String config = command.get(command.indexOf("-c") + 1);
            assertThat(config).startsWith(CONFIG_IN_IMAGE);
            Path file = ROOT.resolve("config").resolve(config.substring(CONFIG_IN_IMAGE.length()));
            assertThat(file).as("service %s's config in the repository", e.getKey()).exists();
            Map<String, Object> env = (Map<String, Object>) service.get("environment");
            // Every ${env:NAME} of the file must be set by the compose file: the loader refuses an unset one.
            pipeline = ConfigLoader.parse(Files.readString(file), file.toString(),
                    n -> env.containsKey(n) ? String.valueOf(env.get(n)) : null, file.getParent());
            assertThat(env).containsKeys(LogFormat.VARIABLE);
        }
        assertThat(ferryServices).contains("capture", "applier", "validator", "coordinator");
        assertThat(pipeline).isNotNull();

        // Host names and ports of the pipeline are the compose services'.
        assertThat(services).containsKeys(pipeline.source().host(), pipeline.target().host(), "kafka", "prometheus", "grafana");
        assertThat(pipeline.source().port()).isEqualTo(3306);
        assertThat(String.valueOf(((Map<String, Object>) services.get("kafka").get("environment")).get("KAFKA_ADVERTISED_LISTENERS")))
                .contains(pipeline.kafka().bootstrapServers());
        assertThat(String.valueOf(services.get("mysql").get("image"))).isEqualTo("mysql:8.4");
        assertThat(String.valueOf(services.get("mysql").get("command"))).contains("--binlog-format=ROW").contains("--log-bin");
        assertThat(String.valueOf(services.get("postgres").get("image"))).isEqualTo("postgres:17");
        assertThat(String.valueOf(services.get("postgres").get("command"))).contains("wal_level=logical");
        Map<String, Object> env = (Map<String, Object>) services.get("capture").get("environment");
        assertThat(Files.readString(ROOT.resolve("docker/mysql/init.sql")))
                .contains("'" + pipeline.source().user() + "'@'%' IDENTIFIED BY '" + env.get("FERRY_SOURCE_PASSWORD") + "'");
        assertThat(((Map<String, Object>) services.get("postgres").get("environment")).get("POSTGRES_PASSWORD"))
                .isEqualTo(env.get("FERRY_TARGET_PASSWORD"));

        // Prometheus scrapes the ports the services listen on.
        String prometheus = Files.readString(ROOT.resolve("docker/prometheus/prometheus.yml"));
        List<String> validator = (List<String>) services.get("validator").get("command");
        String validatorPort = validator.get(validator.indexOf("--serve") + 1);
        assertThat(prometheus).contains("validator:" + validatorPort);
        assertThat((List<String>) services.get("validator").get("ports")).contains(validatorPort + ":" + validatorPort);
        int apiPort = pipeline.cutover().api().port();
        assertThat(prometheus).contains("coordinator:" + apiPort);
        assertThat(pipeline.cutover().api().bind()).as("the admin API reachable from other containers").isEqualTo("0.0.0.0");
        assertThat(prometheus).contains("capture:" + pipeline.metrics().capturePort())
                .contains("port: " + pipeline.metrics().applierPort());
        assertThat(pipeline.metrics().bind()).as("capture's and the appliers' /metrics reachable from Prometheus").isEqualTo("0.0.0.0");

        // Grafana gets the dashboard of docker/grafana (made with the metrics) and a Prometheus data source.
        String grafanaVolumes = String.valueOf(services.get("grafana").get("volumes"));
        assertThat(grafanaVolumes).contains("./grafana/ferry.json:").contains("./grafana-provisioning:/etc/grafana/provisioning");
        assertThat(Files.readString(ROOT.resolve("docker/grafana-provisioning/datasources/prometheus.yml"))).contains("http://prometheus:9090");
        Path dashboard = ROOT.resolve("docker/grafana/ferry.json");
        assertThat(new ObjectMapper().readTree(dashboard.toFile()).has("panels")).as("%s is a dashboard", dashboard).isTrue();
    }

    private static Set<String> all(Pattern p, String text) {
        Set<String> out = new LinkedHashSet<>();
        Matcher m = p.matcher(text);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }
}
