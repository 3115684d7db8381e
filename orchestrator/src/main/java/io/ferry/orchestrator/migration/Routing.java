package io.ferry.orchestrator.migration;

/**
 * Which side the application should write to, and a version that grows with each flip, so that a client that
 * polls the routing endpoint sees a change even if it missed one in between.
 */
public record Routing(Side side, long version) {

    public enum Side {
        SOURCE,
        TARGET;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public static final Routing INITIAL = new Routing(Side.SOURCE, 1);

    /** The side a flip of the routing into {@code phase} names: the source for a rollback's flip back, else the target. */
    public static Side sideAfter(MigrationPhase phase) {
        return phase == MigrationPhase.ROLLED_BACK ? Side.SOURCE : Side.TARGET;
    }

    public String json() {
        return "{\"side\":\"" + side.wireName() + "\",\"version\":" + version + "}";
    }
}
