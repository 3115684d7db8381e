package io.ferry.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.sun.net.httpserver.HttpServer;
import io.ferry.core.config.HookConfig;
import io.ferry.core.config.Secret;
import io.ferry.core.config.SourceKind;
import io.ferry.core.fault.FaultPoints;
import io.ferry.orchestrator.api.AdminServer;
import io.ferry.orchestrator.cutover.Coordinator;
import io.ferry.orchestrator.cutover.CutoverContext;
import io.ferry.orchestrator.cutover.CutoverStep;
import io.ferry.orchestrator.cutover.StepReport;
import io.ferry.orchestrator.cutover.CutoverPlan;
import io.ferry.orchestrator.cutover.FlipHookStep;
import io.ferry.orchestrator.cutover.FlipStep;
import io.ferry.orchestrator.cutover.FreezeStep;
import io.ferry.orchestrator.cutover.HookRunner;
import io.ferry.orchestrator.cutover.NoFreeze;
import io.ferry.orchestrator.cutover.PreChecksStep;
import io.ferry.orchestrator.cutover.WatermarkStep;
import io.ferry.orchestrator.migration.JdbcMigrationStore;
import io.ferry.orchestrator.migration.MigrationPhase;
import io.ferry.orchestrator.migration.ReadinessGate;
import io.ferry.orchestrator.migration.ReadinessSignals;
import io.ferry.orchestrator.migration.Transition;
import io.ferry.sandbox.Sandbox;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The admin API over HTTP, with a real store: the token guards every mutating call and never leaks; the route flips. */
class AdminApiIT {

    private static final String TOKEN = "api-Token-5e9c";
    private static final Sandbox SANDBOX = Sandbox.shared();
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void mutatingCallsNeedTheTokenWhichNeverLeaksAndTheRouteFlipsAfterACutover() throws Exception {
        String db = "admin_api";
        SANDBOX.postgres().createDatabase(db);
        String name = "api-" + System.nanoTime();
        JdbcMigrationStore store = new JdbcMigrationStore(() -> SANDBOX.postgres().connect(db));
        AtomicInteger flipHooks = new AtomicInteger();
        HttpServer hookServer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        hookServer.createContext("/flip", ex -> {
            flipHooks.incrementAndGet();
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        hookServer.start();
        HookConfig flipHook = new HookConfig(List.of(), "http://127.0.0.1:" + hookServer.getAddress().getPort() + "/flip");
        ReadinessGate gate = new ReadinessGate(Duration.ofSeconds(2), Duration.ofSeconds(10));
        ReadinessSignals healthy = new ReadinessSignals(Duration.ofMillis(50), Duration.ofSeconds(60), 0, true, true, true);

        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.addAppender(logs);
        List<String> bodies = new ArrayList<>();
        try {
            Coordinator coordinator = Coordinator.start(store, name, MigrationPhase.STREAMING, "coordinator-it",
                    m -> new CutoverPlan(List.of(new PreChecksStep(() -> healthy, gate, new NoFreeze()), new FreezeStep(new NoFreeze()),
                            new WatermarkStep(io.ferry.capture.engine.SourceEngines.of(SourceKind.MARIADB), () -> SANDBOX.mariadb().connect("")),
                            StandInStep.reaching("drain", MigrationPhase.DRAINED), StandInStep.reaching("final-validation", MigrationPhase.VALIDATED), new FlipStep()),
                            new NoFreeze(), List.of(new FlipHookStep(flipHook, new HookRunner()))),
                    Duration.ofSeconds(5), new FaultPoints(null));
            try (AdminServer server = new AdminServer("127.0.0.1", 0, Secret.of(TOKEN), n -> n.equals(name) ? coordinator : null)) {
                String base = "http://127.0.0.1:" + server.port() + AdminServer.PREFIX + name;

                HttpResponse<String> route = get(base + "/route");
                assertThat(route.statusCode()).isEqualTo(200);
                assertThat(route.body()).isEqualTo("{\"side\":\"source\",\"version\":1}");

                for (String auth : new String[] {null, "Bearer wrong-token", "Basic " + TOKEN, "Bearer " + TOKEN + "x"}) {
                    HttpResponse<String> r = post(base + "/cutover", auth);
                    bodies.add(r.body());
                    assertThat(r.statusCode()).as("POST with " + (auth == null ? "no token" : "a bad token")).isEqualTo(401);
                }
                assertThat(post(base + "/abort", null).statusCode()).isEqualTo(401);
                assertThat(post(base + "/complete", "Bearer nope").statusCode()).isEqualTo(401);
                assertThat(get(base + "/route").body()).as("refused calls changed nothing").contains("\"source\"");

                HttpResponse<String> dry = post(base + "/cutover?dryRun=true", "Bearer " + TOKEN);
                bodies.add(dry.body());
                assertThat(dry.statusCode()).isEqualTo(200);
                assertThat(dry.body()).contains("\"outcome\":\"DRY_RUN\"", "would become {\\\"side\\\":\\\"target\\\",\\\"version\\\":2}",
                        "flip hook: POST http://127.0.0.1:");
                assertThat(get(base + "/route").body()).as("a dry run changes nothing").isEqualTo("{\"side\":\"source\",\"version\":1}");
                assertThat(flipHooks.get()).isZero();

                HttpResponse<String> cut = http.send(HttpRequest.newBuilder(URI.create(base + "/cutover"))
                        .header("Authorization", "Bearer " + TOKEN).header("X-Ferry-Actor", "alice")
                        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
                bodies.add(cut.body());
                assertThat(cut.statusCode()).isEqualTo(200);
                assertThat(cut.body()).contains("\"outcome\":\"COMPLETE\"");
                assertThat(get(base + "/route").body()).isEqualTo("{\"side\":\"target\",\"version\":2}");
                assertThat(flipHooks.get()).as("the flip webhook was called once").isEqualTo(1);

                HttpResponse<String> status = get(base);
                bodies.add(status.body());
                assertThat(status.body()).contains("\"phase\":\"COMPLETE\"", "\"lastTransition\"", "\"freezeMillis\"", "\"step\":\"flip\"");
                HttpResponse<String> abort = post(base + "/abort", "Bearer " + TOKEN);
                bodies.add(abort.body());
                assertThat(abort.statusCode()).as("nothing to abort after completion").isEqualTo(409);
                assertThat(get("http://127.0.0.1:" + server.port() + AdminServer.PREFIX + "other").statusCode()).isEqualTo(404);

                List<Transition> audit = store.log(name, 20);
                assertThat(audit).anySatisfy(t -> {
                    assertThat(t.to()).isEqualTo(MigrationPhase.FROZEN);
                    assertThat(t.reason()).contains("requested by alice via api (127.0.0.1)");
                });
            }
        } finally {
            root.detachAppender(logs);
            hookServer.stop(0);
        }
        assertThat(bodies).isNotEmpty().allSatisfy(b -> assertThat(b).doesNotContain(TOKEN));
        assertThat(logs.list).isNotEmpty().allSatisfy(e -> assertThat(e.getFormattedMessage()).doesNotContain(TOKEN));
    }


    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String url, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.noBody());
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
