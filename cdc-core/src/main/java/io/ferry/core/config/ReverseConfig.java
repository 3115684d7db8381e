package io.ferry.core.config;

/**
 * Reverse replication, the way back after the flip ({@code cutover.reverse:} in the pipeline file; docs/rollback.md):
 * during the cutover, before the flip, capture starts on the target from its position at the watermark and applies
 * every later write to the source, so that {@code ferry rollback} loses nothing.
 *
 * @param enabled         whether the cutover starts reverse replication (and holds the migration at FLIPPED until
 *                        {@code ferry complete} or {@code ferry rollback}); off by default
 * @param applicationRole the application's PostgreSQL role on the target, whose sessions a rollback freezes; null
 *                        freezes every session of the target database but Ferry's own
 */
public record ReverseConfig(boolean enabled, String applicationRole) {

    public static final ReverseConfig DISABLED = new ReverseConfig(false, null);

    public ReverseConfig {
        Checks.on(ReverseConfig.class)
                .require(applicationRole == null || !applicationRole.isBlank(), "applicationRole", "must not be empty; leave it out to freeze the whole database")
                .validate();
    }
}
