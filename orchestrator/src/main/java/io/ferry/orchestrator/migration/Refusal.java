package io.ferry.orchestrator.migration;

/**
 * Why the coordinator will not take a step now: data for the status page and the CLI, not an exception.
 *
 * @param code   a stable name ({@code lag-too-high}, {@code dlq-not-empty}, ...)
 * @param reason what was measured against what is needed, for people
 */
public record Refusal(Code code, String reason) {

    public enum Code {
        LAG_TOO_HIGH,
        LAG_UNKNOWN,
        LAG_NOT_STEADY,
        DLQ_NOT_EMPTY,
        VALIDATION_NOT_CLEAN,
        NO_VALIDATION,
        CAPTURE_NOT_RUNNING,
        APPLIER_NOT_RUNNING,
        WRONG_PHASE,
        CUTOVER_RUNNING,
        REVERSE_NOT_RUNNING,
        /** The account the freeze runs as may not stop the source's writes (it lacks the privilege the switch needs). */
        FREEZE_NOT_PERMITTED;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    @Override
    public String toString() {
        return code.wireName() + ": " + reason;
    }
}
