package io.ferry.orchestrator.reverse;

import io.ferry.core.config.CaptureConfig;
import io.ferry.core.config.CutoverConfig;
import io.ferry.core.config.KafkaSettings;
import io.ferry.core.config.PipelineConfig;
import io.ferry.core.config.SnapshotMode;
import io.ferry.core.config.SourceConfig;
import io.ferry.core.config.SourceKind;
import io.ferry.core.config.TargetConfig;
import io.ferry.core.config.TargetKind;
import io.ferry.core.config.TypesConfig;

/**
 * The pipeline of reverse replication, derived from a forward MySQL/MariaDB to PostgreSQL pipeline: its source is the
 * forward target (PostgreSQL, captured through a slot and publication of its own), its target the forward source (the
 * original tables, written by {@link io.ferry.apply.dialect.MySqlTargetDialect}). Everything that could meet the forward
 * pipeline's is named apart: the pipeline {@code <name>-reverse}, so the slot and publication
 * {@code ferry_<name>_reverse}, the Debezium engine and offsets, the schema history topic and the applier's consumer
 * group and applied offsets; the change topics have the prefix {@code <prefix>_reverse}. Capture streams from the slot
 * (no snapshot): the slot is created in the freeze, so it holds exactly what is written on the target after it.
 */
public final class ReversePipeline {

    public static final String NAME_SUFFIX = "-reverse";
    public static final String TOPIC_PREFIX_SUFFIX = "_reverse";

    private ReversePipeline() {
    }

    /** @throws IllegalArgumentException when the forward pipeline is not MySQL/MariaDB to PostgreSQL */
    public static PipelineConfig of(PipelineConfig forward) {
        SourceConfig s = forward.source();
        TargetConfig t = forward.target();
        if (!s.kind().isMySqlFamily() || t.kind() != TargetKind.POSTGRESQL) {
            throw new IllegalArgumentException("reverse replication goes from a PostgreSQL target back to a MySQL or MariaDB source; pipeline "
                    + forward.name() + " moves " + s.kind() + " to " + t.kind());
        }
        SourceConfig reverseSource = new SourceConfig(SourceKind.POSTGRESQL, t.host(), t.port(), t.user(), t.password(), t.database(),
                0, t.schemaOr(s.database()), t.tls());
        TargetConfig reverseTarget = new TargetConfig(s.kind().asReverseTarget(),
                s.host(), s.port(), s.database(), s.user(), s.password(), s.database(), s.tls());
        KafkaSettings k = forward.kafka();
        KafkaSettings reverseKafka = new KafkaSettings(k.bootstrapServers(), topicPrefix(forward), k.partitions(), k.replicationFactor(),
                k.bootstrapServers() == null ? k.embedded() : null, k.bootstrapServers() == null ? k.dataDir() : null,
                k.maxMessageBytes(), k.compression(), k.clientProperties());
        CaptureConfig c = forward.capture();
        CaptureConfig capture = new CaptureConfig(SnapshotMode.NO_DATA, c.heartbeatIntervalMs(), c.retry(), c.shutdownTimeoutMs(), c.bulk());
        return new PipelineConfig(name(forward), reverseSource, reverseTarget, reverseKafka, forward.tables(), forward.apply(), capture,
                TypesConfig.DEFAULTS, CutoverConfig.DEFAULTS, forward.metrics());
    }

    public static String name(PipelineConfig forward) {
        return forward.name() + NAME_SUFFIX;
    }

    public static String topicPrefix(PipelineConfig forward) {
        return forward.kafka().topicPrefix() + TOPIC_PREFIX_SUFFIX;
    }
}
