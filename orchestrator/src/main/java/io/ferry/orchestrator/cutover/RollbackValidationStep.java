package io.ferry.orchestrator.cutover;

import io.ferry.core.schema.TableId;
import io.ferry.core.schema.TargetNames;
import io.ferry.core.topic.TopicNames;
import io.ferry.orchestrator.migration.MigrationPhase;
import io.ferry.orchestrator.pipeline.CatchUp;
import io.ferry.orchestrator.reverse.ReverseReplication;
import io.ferry.orchestrator.validate.PipelineValidation;
import io.ferry.validator.TableReport;
import io.ferry.validator.ValidatedTable;
import io.ferry.validator.ValidationOptions;
import io.ferry.validator.ValidationReport;
import io.ferry.validator.Validator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.TopicPartition;

/**
 * The rollback's validation, in the target's freeze after the reverse drain: the tables written on the target since the
 * flip (those whose reverse change topic has records) are compared between source and target with the forward
 * pipeline's validator, whole; any difference fails the step and so aborts the rollback (the target is unfrozen, the
 * migration stays on it). Tables no one wrote since the flip are as the forward cutover's final validation left them.
 */
public final class RollbackValidationStep implements CutoverStep {

    private final PipelineValidation validation;
    private final ReverseReplication reverse;
    private final ValidationOptions options;

    public RollbackValidationStep(PipelineValidation validation, ReverseReplication reverse, ValidationOptions options) {
        this.validation = validation;
        this.reverse = reverse;
        this.options = options;
    }

    @Override
    public String name() {
        return "rollback-validation";
    }

    @Override
    public MigrationPhase reaches() {
        return MigrationPhase.ROLLBACK_VALIDATED;
    }

    @Override
    public StepReport run(CutoverContext ctx) throws Exception {
        Set<String> touched = touchedTables();
        List<ValidatedTable> tables = touched.isEmpty() ? List.of() : validation.tables(new ArrayList<>(touched));
        if (tables.isEmpty()) {
            return StepReport.of("no table was written on the target since the flip");
        }
        ValidationReport report;
        try (Validator v = new Validator(validation.source(), validation.target(), options, null)) {
            report = v.run(tables);
        }
        if (report.hasDifferences()) {
            String first = report.tables().stream().filter(t -> t.status() != TableReport.Status.EQUAL).findFirst()
                    .map(t -> t.table() + " (" + t.differences().size() + " row(s), first key "
                            + (t.differences().isEmpty() ? "?" : t.differences().get(0).key()) + ")").orElse("?");
            throw new IllegalStateException("the rollback's validation found " + report.differenceCount() + " difference(s), in " + first);
        }
        return StepReport.of("tables written since the flip equal on both sides: " + String.join(", ", touched) + " ("
                + report.elapsedMillis() + " ms)");
    }

    @Override
    public StepReport dryRun(CutoverContext ctx) throws Exception {
        Set<String> touched = touchedTables();
        return StepReport.of(touched.isEmpty() ? "no table written on the target since the flip; nothing to compare"
                : "would compare the tables written on the target since the flip: " + String.join(", ", touched)
                + ", and abort the rollback on any difference");
    }

    /** The source names of the tables whose reverse change topic has records. */
    private Set<String> touchedTables() throws Exception {
        var config = reverse.config();
        Properties p = new Properties();
        p.setProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafka().bootstrapServers());
        p.putAll(config.kafka().clientConfig());
        Map<TopicPartition, Long> ends;
        try (Admin admin = Admin.create(p)) {
            ends = CatchUp.endOffsets(admin, TopicNames.pipelineTopicPattern(config));
        }
        Set<String> written = new TreeSet<>();
        for (var e : ends.entrySet()) {
            if (e.getValue() > 0) {
                written.add(e.getKey().topic());
            }
        }
        Set<String> touched = new TreeSet<>();
        for (TableId t : io.ferry.capture.SourceTables.selected(reverse.forward())) {
            String topic = TopicNames.changeTopic(config.kafka().topicPrefix(), TableId.of(config.source().namespace(), TargetNames.shorten(t.table())));
            if (written.contains(topic)) {
                touched.add(t.table());
            }
        }
        return touched;
    }
}
