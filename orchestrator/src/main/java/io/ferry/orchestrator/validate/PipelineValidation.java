package io.ferry.orchestrator.validate;

import io.ferry.apply.jdbc.TargetConnections;
import io.ferry.capture.SourceTables;
import io.ferry.core.config.PipelineConfig;
import io.ferry.core.schema.TableId;
import io.ferry.core.schema.TargetNames;
import io.ferry.core.value.jdbc.Engine;
import io.ferry.orchestrator.engine.SourceCatalog;
import io.ferry.orchestrator.pipeline.PipelineConvergence;
import io.ferry.validator.Progress;
import io.ferry.validator.Side;
import io.ferry.validator.ValidatedTable;
import io.ferry.validator.ValidationOptions;
import io.ferry.validator.ValidationReport;
import io.ferry.validator.Validator;
import io.ferry.validator.service.RunRequest;
import io.ferry.validator.service.ValidationJob;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Validation of a pipeline's tables: its source against its target, under its type rules. */
public final class PipelineValidation implements ValidationJob {

    private final PipelineConfig config;
    private final ValidationOptions defaults;

    public PipelineValidation(PipelineConfig config, ValidationOptions defaults) {
        this.config = config;
        this.defaults = defaults;
    }

    public Side source() {
        Engine engine = io.ferry.capture.engine.SourceEngines.of(config.source().kind()).valueEngine();
        return Side.source(engine, () -> SourceTables.connect(config.source()));
    }

    public Side target() {
        return Side.target(() -> TargetConnections.open(config.target(), "ferry-validate"));
    }

    /** The pipeline's tables, or those named, as the validator compares them. */
    public List<ValidatedTable> tables(List<String> only) throws SQLException {
        List<ValidatedTable> out = new ArrayList<>();
        try (Connection s = SourceTables.connect(config.source());
             Connection t = TargetConnections.open(config.target(), "ferry-validate")) {
            SourceCatalog catalog = SourceCatalog.of(config);
            List<TableId> sources = catalog.validatedTables(s);
            for (TableId src : sources) {
                if (only != null && !only.contains(src.table())) {
                    continue;
                }
                TableId dst = TableId.of(config.target().schema(), TargetNames.shorten(src.table()));
                out.add(catalog.validated(s, src, t, dst));
            }
            if (only != null && out.size() != only.size()) {
                List<String> found = out.stream().map(v -> v.source().table()).toList();
                throw new IllegalArgumentException("no such table in the pipeline: "
                        + only.stream().filter(n -> !found.contains(n)).toList());
            }
        }
        return out;
    }

    /** Options of a request, the defaults where it says nothing. */
    public ValidationOptions options(RunRequest r) {
        ValidationOptions o = defaults;
        if (r.segmentRows() != null) {
            o = o.withSegmentRows(r.segmentRows());
        }
        if (r.concurrency() != null) {
            o = o.withConcurrency(r.concurrency());
        }
        if (r.rowsPerSecond() != null) {
            o = o.withRowsPerSecond(r.rowsPerSecond());
        }
        if (r.convergenceTimeoutSeconds() != null) {
            o = o.live(Duration.ofSeconds(r.convergenceTimeoutSeconds()));
        }
        return o;
    }

    @Override
    public ValidationReport run(RunRequest request, Consumer<Progress> started) throws Exception {
        ValidationOptions options = options(request);
        List<ValidatedTable> tables = tables(request.tables());
        try (Validator v = new Validator(source(), target(), options,
                options.convergenceTimeout() == null ? null : new PipelineConvergence(config))) {
            started.accept(v.progress());
            return v.run(tables);
        }
    }
}
