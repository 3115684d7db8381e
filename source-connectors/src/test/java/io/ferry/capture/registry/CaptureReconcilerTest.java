package io.ferry.capture.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.capture.registry.CaptureReconciler.Action;
import io.ferry.capture.registry.CaptureReconciler.KeepLastGood;
import io.ferry.capture.registry.CaptureReconciler.Report;
import io.ferry.capture.registry.CaptureReconciler.Restart;
import io.ferry.capture.registry.CaptureReconciler.Running;
import io.ferry.capture.registry.CaptureReconciler.Start;
import io.ferry.capture.registry.CaptureReconciler.Stop;
import io.ferry.core.config.ConfigLoader;
import io.ferry.core.config.ConfigProblem;
import io.ferry.core.config.PipelineConfig;
import io.ferry.core.config.PipelineRegistry;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CaptureReconcilerTest {

    private static PipelineConfig pipeline(String name, String tables) {
        return ConfigLoader.parse("""
                name: %s
                source: {kind: mariadb, host: db, database: shop, user: ferry}
                target: {kind: postgresql, host: pg, database: t, user: u}
                kafka: {bootstrapServers: "k:9092"}
                tables: {include: [%s]}
                """.formatted(name, tables), "test.yaml", n -> null, null);
    }

    private static PipelineRegistry.Entry valid(String file, PipelineConfig config) {
        return new PipelineRegistry.Entry(Path.of("pipelines", file), config, List.of(), List.of(), 1, 1);
    }

    private static PipelineRegistry.Entry broken(String file) {
        return new PipelineRegistry.Entry(Path.of("pipelines", file), null,
                List.of(new ConfigProblem("pipelines/" + file, 4, 3, "tables.includ", "unknown key")), List.of(), 1, 1);
    }

    @Test
    void startsAValidFileWithoutAnEngineAndLeavesAnUnchangedOneAlone() {
        PipelineConfig a = pipeline("a", "orders");
        PipelineConfig b = pipeline("b", "items");

        List<Action> plan = CaptureReconciler.plan(List.of(valid("a.yaml", a), valid("b.yaml", b)),
                Map.of("a.yaml", new Running(a, false)));

        assertThat(plan).containsExactly(new Start("b.yaml", b));
    }

    @Test
    void restartsAnEngineWhoseConfigChangedNamingTheChangedSections() {
        PipelineConfig before = pipeline("a", "orders");
        PipelineConfig after = pipeline("a", "orders, items");

        List<Action> plan = CaptureReconciler.plan(List.of(valid("a.yaml", after)), Map.of("a.yaml", new Running(before, false)));

        assertThat(plan).containsExactly(new Restart("a.yaml", after, List.of("tables")));
    }

    @Test
    void stopsTheEngineOfARemovedFileBeforeStartingOthers() {
        PipelineConfig a = pipeline("a", "orders");

        List<Action> plan = CaptureReconciler.plan(List.of(valid("renamed.yaml", a)), Map.of("a.yaml", new Running(a, false)));

        assertThat(plan).containsExactly(new Stop("a.yaml", "a"), new Start("renamed.yaml", a));
    }

    @Test
    void aBrokenFileKeepsItsRunningEngineOnTheLastGoodConfigAndIsOnlyReportedWhenNothingRuns() {
        PipelineConfig a = pipeline("a", "orders");

        List<Action> plan = CaptureReconciler.plan(List.of(broken("a.yaml"), broken("new.yaml")),
                Map.of("a.yaml", new Running(a, false)));

        assertThat(plan).hasSize(2);
        assertThat(plan.get(0)).isInstanceOf(KeepLastGood.class);
        assertThat(((KeepLastGood) plan.get(0)).pipeline()).isEqualTo("a");
        assertThat(((KeepLastGood) plan.get(0)).problems().get(0).format()).isEqualTo("pipelines/a.yaml:4:3: tables.includ: unknown key");
        assertThat(plan.get(1)).isInstanceOf(Report.class);
        assertThat(plan.get(1).file()).isEqualTo("new.yaml");
    }

    @Test
    void aFailedEngineWaitsForItsNextAttemptOrAChangeOfItsFile() {
        PipelineConfig a = pipeline("a", "orders");
        PipelineConfig fixed = pipeline("a", "orders, items");

        assertThat(CaptureReconciler.plan(List.of(valid("a.yaml", a)), Map.of("a.yaml", new Running(a, true)))).isEmpty();
        assertThat(CaptureReconciler.plan(List.of(valid("a.yaml", fixed)), Map.of("a.yaml", new Running(a, true))))
                .containsExactly(new Start("a.yaml", fixed));
        assertThat(CaptureReconciler.plan(List.of(broken("a.yaml")), Map.of("a.yaml", new Running(a, true))).get(0))
                .isInstanceOf(Report.class);
    }

    @Test
    void aFailedEngineWhoseNextAttemptIsDueStartsAgainOnTheSameConfig() {
        PipelineConfig a = pipeline("a", "orders");

        assertThat(CaptureReconciler.plan(List.of(valid("a.yaml", a)), Map.of("a.yaml", new Running(a, true, true))))
                .containsExactly(new CaptureReconciler.Retry("a.yaml", a));
        assertThat(CaptureReconciler.plan(List.of(valid("a.yaml", a)), Map.of("a.yaml", new Running(a, false, false)))).isEmpty();
    }

    @Test
    void aSecondFileWithARunningPipelinesNameIsReportedAtItsNameAndNotStarted() {
        PipelineConfig a = pipeline("shop", "orders");
        PipelineConfig copy = pipeline("shop", "items");

        List<Action> plan = CaptureReconciler.plan(List.of(valid("a-copy.yaml", copy), valid("b.yaml", a)),
                Map.of("b.yaml", new Running(a, false)));

        assertThat(plan).hasSize(1);
        Report report = (Report) plan.get(0);
        assertThat(report.file()).isEqualTo("a-copy.yaml");
        assertThat(report.problems().get(0).key()).isEqualTo("name");
        assertThat(report.problems().get(0).line()).isEqualTo(1);
        assertThat(report.problems().get(0).message()).contains("pipeline 'shop' is already defined in b.yaml");
    }

    @Test
    void ofTwoNewFilesWithOneNameTheFirstInFileOrderStarts() {
        PipelineConfig one = pipeline("shop", "orders");
        PipelineConfig two = pipeline("shop", "items");

        List<Action> plan = CaptureReconciler.plan(List.of(valid("a.yaml", one), valid("b.yaml", two)), Map.of());

        assertThat(plan.get(0)).isEqualTo(new Start("a.yaml", one));
        assertThat(plan.get(1)).isInstanceOf(Report.class);
    }
}
