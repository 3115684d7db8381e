package io.ferry.orchestrator.cli;

import io.ferry.apply.jdbc.TargetConnections;
import io.ferry.core.config.ConfigLoader;
import io.ferry.core.config.PipelineConfig;
import io.ferry.core.fault.FaultPoints;
import io.ferry.orchestrator.api.AdminServer;
import io.ferry.orchestrator.cutover.Coordinator;
import io.ferry.orchestrator.cutover.CutoverPlans;
import io.ferry.orchestrator.cutover.LiveValidations;
import io.ferry.orchestrator.cutover.PipelineReadiness;
import io.ferry.orchestrator.migration.Connections;
import io.ferry.orchestrator.migration.JdbcMigrationStore;
import io.ferry.orchestrator.migration.MigrationPhase;
import io.ferry.orchestrator.migration.ReadinessSignals;
import io.ferry.orchestrator.pipeline.CaptureOffsets;
import io.ferry.orchestrator.validate.PipelineValidation;
import io.ferry.orchestrator.validate.TouchedKeys;
import io.ferry.validator.ValidationOptions;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "coordinator", mixinStandardHelpOptions = true,
        description = "Runs the coordinator of a pipeline's migration with its admin API (cutover.api in the pipeline file), "
                + "against capture and applier running as their own services. Resumes a cutover a dead coordinator left: "
                + "before the flip it unfreezes the source, after it it completes.")
final class CoordinatorCommand implements Callable<Integer> {

    @Option(names = {"-c", "--config"}, required = true, description = "The pipeline file.")
    Path config;

    @Option(names = "--validation-pause", defaultValue = "60", description = "Seconds between live validation passes (default: ${DEFAULT-VALUE}).")
    long validationPauseSeconds;

    @Option(names = "--convergence-timeout", defaultValue = "120", description = "Live validation: seconds a difference may take to go away.")
    long convergenceTimeout;

    @Override
    public Integer call() throws Exception {
        PipelineConfig pipeline = ConfigLoader.load(config);
        Connections target = () -> TargetConnections.open(pipeline.target(), "ferry-coordinator-" + pipeline.name());
        String actor = "coordinator@" + InetAddress.getLocalHost().getHostName() + "/" + ProcessHandle.current().pid();
        LiveValidations validations = new LiveValidations(new PipelineValidation(pipeline, ValidationOptions.DEFAULTS),
                new TouchedKeys(pipeline), convergenceTimeout, validationPauseSeconds * 1000);
        List<String> fixUps = SchemaCommand.plan(pipeline).afterDrain();
        try (PipelineReadiness readiness = new PipelineReadiness(pipeline, target, validations::lastWasClean);
             CaptureOffsets captureOffsets = new CaptureOffsets(pipeline)) {
            // Sampled every second so that "lag under the threshold for a while" is measured, not guessed; the gate
            // reads the newest sample.
            AtomicReference<ReadinessSignals> latest = new AtomicReference<>();
            Thread sampler = daemon("ferry-readiness", () -> {
                while (!Thread.currentThread().isInterrupted()) {
                    try {
                        synchronized (readiness) {
                            latest.set(readiness.read());
                        }
                        Thread.sleep(1000);
                    } catch (InterruptedException e) {
                        return;
                    } catch (Exception e) {
                        latest.set(null);
                    }
                }
            });
            CutoverPlans.Inputs inputs = new CutoverPlans.Inputs(() -> {
                ReadinessSignals s = latest.get();
                if (s == null) {
                    synchronized (readiness) {
                        s = readiness.read();
                    }
                }
                return s;
            }, () -> {
                synchronized (captureOffsets) {
                    return captureOffsets.latest();
                }
            }, () -> null, validations::lastClean, fixUps, List.of(), null);
            Coordinator coordinator = Coordinator.start(new JdbcMigrationStore(target), pipeline.name(), MigrationPhase.STREAMING, actor,
                    m -> CutoverPlans.standard(pipeline, inputs), Duration.ofMillis(pipeline.cutover().freezeBudgetMs()),
                    FaultPoints.fromSystemProperty());
            Thread validator = daemon("ferry-live-validation", validations);
            sampler.start();
            validator.start();
            try (AdminServer server = new AdminServer(pipeline.cutover().api().bind(), pipeline.cutover().api().port(),
                    pipeline.cutover().api().token(), n -> n.equals(pipeline.name()) ? coordinator : null)) {
                System.out.println("coordinator of " + pipeline.name() + " on http://" + pipeline.cutover().api().bind() + ":" + server.port()
                        + AdminServer.PREFIX + pipeline.name());
                new CountDownLatch(1).await();
            } finally {
                sampler.interrupt();
                validator.interrupt();
            }
        }
        return 0;
    }

    private static Thread daemon(String name, Runnable r) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
