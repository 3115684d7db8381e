package io.ferry.core.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.regex.Pattern;

/**
 * One pipeline file: where to read, where to write, through which Kafka, which tables, how their types map, how
 * to apply them and how to cut over.
 * Load it with {@link ConfigLoader#load(java.nio.file.Path)}; the format is in {@code docs/configuration.md}.
 *
 * <p>Left-out sections take their defaults, and a target without a {@code schema} gets the source database's
 * name, so {@code target().schema()} is never null here.
 */
public record PipelineConfig(
        @JsonProperty(required = true) String name,
        @JsonProperty(required = true) SourceConfig source,
        @JsonProperty(required = true) TargetConfig target,
        KafkaSettings kafka,
        TablesConfig tables,
        ApplyConfig apply,
        CaptureConfig capture,
        TypesConfig types,
        CutoverConfig cutover,
        MetricsConfig metrics) {

    /** Names end up in topic, consumer group and schema names, so they stay within what all of those accept. */
    public static final Pattern NAME_PATTERN = Pattern.compile("[a-z0-9][a-z0-9_-]*");

    public PipelineConfig {
        kafka = kafka != null ? kafka : KafkaSettings.EMBEDDED;
        tables = tables != null ? tables : TablesConfig.ALL;
        apply = apply != null ? apply : ApplyConfig.DEFAULTS;
        capture = capture != null ? capture : CaptureConfig.DEFAULTS;
        types = types != null ? types : TypesConfig.DEFAULTS;
        cutover = cutover != null ? cutover : CutoverConfig.DEFAULTS;
        metrics = metrics != null ? metrics : MetricsConfig.DEFAULTS;
        if (target != null && source != null && target.schema() == null) {
            target = target.withSchema(source.namespace());
        }
        Checks.on(PipelineConfig.class)
                .notNull("name", name)
                .matches("name", name, NAME_PATTERN, "lower-case letters, digits, '-' and '_', not starting with '-' or '_'")
                .notNull("source", source)
                .notNull("target", target)
                .validate();
    }

    /** The same pipeline through other Kafka settings (the embedded broker's, once its address is known). */
    public PipelineConfig withKafka(KafkaSettings settings) {
        return new PipelineConfig(name, source, target, settings, tables, apply, capture, types, cutover, metrics);
    }
}
