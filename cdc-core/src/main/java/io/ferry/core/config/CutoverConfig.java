package io.ferry.core.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * How the coordinator cuts the application over to the target ({@code cutover:} in the pipeline file).
 *
 * @param freeze           how source writes stop; null selects {@link FreezeMethod#READ_ONLY}
 * @param freezeBudgetMs   longest time from freeze to flip before the cutover aborts and unfreezes; 0 selects
 *                         {@value #DEFAULT_FREEZE_BUDGET_MS}
 * @param lagThresholdMs   readiness: the most replication lag allowed; 0 selects {@value #DEFAULT_LAG_THRESHOLD_MS}
 * @param lagSteadyMs      readiness: how long lag must have stayed under the threshold; 0 selects
 *                         {@value #DEFAULT_LAG_STEADY_MS}
 * @param applicationUser  the application's source account, {@code user} or {@code user@host} (host {@code %} when
 *                         left out); required by {@code revoke}
 * @param hooks            commands and webhooks; none by default
 * @param api              the admin HTTP API
 * @param reverse          reverse replication after the flip, for {@code ferry rollback}; off by default
 */
public record CutoverConfig(
        FreezeMethod freeze,
        @JsonProperty(defaultValue = "5000") long freezeBudgetMs,
        @JsonProperty(defaultValue = "2000") long lagThresholdMs,
        @JsonProperty(defaultValue = "10000") long lagSteadyMs,
        String applicationUser,
        CutoverHooks hooks,
        AdminApiConfig api,
        ReverseConfig reverse) {

    public static final long DEFAULT_FREEZE_BUDGET_MS = 5000;
    public static final long DEFAULT_LAG_THRESHOLD_MS = 2000;
    public static final long DEFAULT_LAG_STEADY_MS = 10_000;

    /** Every value at its default. */
    public static final CutoverConfig DEFAULTS = new CutoverConfig(null, 0, 0, 0, null, null, null, null);

    public CutoverConfig {
        freeze = freeze != null ? freeze : FreezeMethod.READ_ONLY;
        if (freezeBudgetMs == 0) {
            freezeBudgetMs = DEFAULT_FREEZE_BUDGET_MS;
        }
        if (lagThresholdMs == 0) {
            lagThresholdMs = DEFAULT_LAG_THRESHOLD_MS;
        }
        if (lagSteadyMs == 0) {
            lagSteadyMs = DEFAULT_LAG_STEADY_MS;
        }
        hooks = hooks != null ? hooks : CutoverHooks.NONE;
        api = api != null ? api : AdminApiConfig.DEFAULTS;
        reverse = reverse != null ? reverse : ReverseConfig.DISABLED;
        Checks.on(CutoverConfig.class)
                .between("freezeBudgetMs", freezeBudgetMs, 100, 3_600_000)
                .atLeast("lagThresholdMs", lagThresholdMs, 1)
                .atLeast("lagSteadyMs", lagSteadyMs, 1)
                .require(applicationUser == null || !applicationUser.isBlank(), "applicationUser", "must not be empty; leave it out if unused")
                .require(freeze != FreezeMethod.REVOKE || applicationUser != null, "applicationUser",
                        "is required by freeze: revoke (whose write privileges to revoke)")
                .require(freeze != FreezeMethod.COMMAND || hooks.freeze().hasCommand() && hooks.unfreeze().hasCommand(), "hooks",
                        "freeze: command needs hooks.freeze.command and hooks.unfreeze.command")
                .require(freeze != FreezeMethod.WEBHOOK || hooks.freeze().hasUrl() && hooks.unfreeze().hasUrl(), "hooks",
                        "freeze: webhook needs hooks.freeze.url and hooks.unfreeze.url")
                .validate();
    }

    /** The same settings with reverse replication as given. */
    public CutoverConfig withReverse(ReverseConfig r) {
        return new CutoverConfig(freeze, freezeBudgetMs, lagThresholdMs, lagSteadyMs, applicationUser, hooks, api, r);
    }

    /** The application user's name (before any {@code @host}). */
    public String applicationUserName() {
        int at = applicationUser.lastIndexOf('@');
        return at < 0 ? applicationUser : applicationUser.substring(0, at);
    }

    /** The application user's host pattern, {@code %} when the config names none. */
    public String applicationUserHost() {
        int at = applicationUser.lastIndexOf('@');
        return at < 0 ? "%" : applicationUser.substring(at + 1);
    }
}
