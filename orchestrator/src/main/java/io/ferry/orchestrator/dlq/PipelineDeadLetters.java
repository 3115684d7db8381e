package io.ferry.orchestrator.dlq;

import io.ferry.apply.ParkedRecord;
import io.ferry.apply.jdbc.DeadLetterReplayer;
import io.ferry.apply.jdbc.ReplayedDeadLetters;
import io.ferry.apply.jdbc.TargetCatalog;
import io.ferry.apply.streams.ApplierService;
import io.ferry.apply.streams.DeadLetterTopic;
import io.ferry.apply.streams.KafkaGapReader;
import io.ferry.core.config.PipelineConfig;
import io.ferry.orchestrator.migration.Connections;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * One pipeline's dead letters as users see them: the records in the dead-letter topic that no replay has dealt with
 * yet (the topic keeps every record; the replayed ones are recorded on the target). The one place that counts them
 * for {@code ferry status}, {@code ferry validate}, {@code ferry dlq} and the cutover's readiness gate.
 */
public final class PipelineDeadLetters {

    private final PipelineConfig config;
    private final Connections target;
    private final Duration timeout;

    public PipelineDeadLetters(PipelineConfig config, Connections target) {
        this(config, target, Duration.ofSeconds(30));
    }

    /** @param timeout how long reading the dead-letter topic may take (a broker that is down takes all of it) */
    public PipelineDeadLetters(PipelineConfig config, Connections target, Duration timeout) {
        this.config = config;
        this.target = target;
        this.timeout = timeout;
    }

    /** The parked records no replay has dealt with, in the order they were parked. */
    public List<ParkedRecord> unreplayed() throws SQLException {
        return unreplayed(DeadLetterTopic.read(config.kafka().bootstrapServers(), config, timeout));
    }

    /** Of {@code all} (the pipeline's records in the dead-letter topic), those no replay has dealt with. */
    public List<ParkedRecord> unreplayed(List<ParkedRecord> all) throws SQLException {
        if (all.isEmpty()) {
            return all;
        }
        Set<ParkedRecord.Source> replayed;
        try (Connection c = target.open()) {
            replayed = new ReplayedDeadLetters(dialect(), config.name()).load(c);
        }
        return all.stream().filter(r -> !replayed.contains(r.source())).toList();
    }

    /** How many records are parked and not replayed; one change parked twice (after a crash) counts once. */
    public long count() throws SQLException {
        return count(unreplayed());
    }

    /** How many distinct changes {@code unreplayed} holds. */
    public static long count(List<ParkedRecord> unreplayed) {
        return unreplayed.stream().map(ParkedRecord::source).distinct().count();
    }

    /** Applies the parked records again (see {@link DeadLetterReplayer}); returns each one's outcome. */
    public List<DeadLetterReplayer.Outcome> replay() throws SQLException {
        List<ParkedRecord> parked = unreplayed();
        try (KafkaGapReader topics = new KafkaGapReader(config.kafka().bootstrapServers(), "ferry-dlq-replay-" + config.name(),
                io.ferry.core.config.KafkaSettings.DEFAULT_MAX_MESSAGE_BYTES, config.kafka().clientConfig())) {
            return new DeadLetterReplayer(target::open, new TargetCatalog(dialect(), config.target().schema()), ApplierService.applicationId(config),
                    new ReplayedDeadLetters(dialect(), config.name()), topics).replay(parked);
        }
    }

    private io.ferry.apply.dialect.TargetDialect dialect() {
        return io.ferry.apply.dialect.TargetDialects.of(config.target().kind());
    }
}
