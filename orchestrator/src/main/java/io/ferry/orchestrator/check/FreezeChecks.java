package io.ferry.orchestrator.check;

import io.ferry.core.config.CutoverConfig;
import io.ferry.core.config.FreezeMethod;
import io.ferry.orchestrator.cutover.ReadOnlyFreeze;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether the cutover's freeze will stop the application's writes: under {@code read_only}, the pipeline's source account
 * must be allowed to flip the switch, and accounts with SUPER or READ_ONLY ADMIN still write, so an application using one
 * would go on writing to the frozen source.
 */
public final class FreezeChecks {

    private FreezeChecks() {
    }

    /** Why the source account of {@code source} may not run the {@code read_only} freeze {@code statements}, as errors. */
    public static List<Finding> notPermitted(Connection source, io.ferry.capture.engine.ReadOnlySwitch statements) throws SQLException {
        return ReadOnlyFreeze.cannotFreeze(source, statements).stream().map(why -> Finding.error("cutover.freeze-not-permitted", "read_only",
                why + "; the cutover's pre-checks would refuse")).toList();
    }

    public static List<Finding> run(Connection source, CutoverConfig cutover, io.ferry.core.config.SourceKind kind) throws SQLException {
        List<Finding> findings = new ArrayList<>(unsupported(cutover, io.ferry.capture.engine.SourceEngines.of(kind)));
        if (cutover.freeze() != FreezeMethod.READ_ONLY) {
            return findings;
        }
        io.ferry.capture.engine.ReadOnlySwitch statements = io.ferry.capture.engine.SourceEngines.of(kind).readOnlyFreeze("", null);
        findings.addAll(notPermitted(source, statements));
        if (statements.bypassingAccountsQuery() == null) {
            findings.add(Finding.info("cutover.freeze-bypassed", "read_only", String.join("; ", statements.notes())));
            return findings;
        }
        List<String> bypassing = ReadOnlyFreeze.bypassingAccounts(source, statements);
        if (bypassing.isEmpty()) {
            findings.add(Finding.info("cutover.freeze-bypassed", "read_only", "no account visible to this one writes through read_only; "
                    + "MariaDB and MySQL show other accounts' privileges only to an account allowed to read mysql.user, so run "
                    + "ferry check as such an account to be sure"));
        }
        String app = cutover.applicationUser();
        for (String account : bypassing) {
            if (app != null && matches(account, app)) {
                findings.add(Finding.error("cutover.freeze-bypassed", account, "the application account can write while the source is "
                        + "read_only (it has SUPER or READ_ONLY ADMIN), so the read_only freeze would not stop it: revoke that privilege "
                        + "or choose cutover.freeze: revoke"));
            } else {
                findings.add(Finding.warning("cutover.freeze-bypassed", account, "writes through read_only (SUPER or READ_ONLY ADMIN): "
                        + "an application using this account is not frozen by the cutover"));
            }
        }
        return findings;
    }

    /** An error when the configured freeze is not built for the source's engine (the cutover would refuse it); else none. */
    public static List<Finding> unsupported(CutoverConfig cutover, io.ferry.capture.engine.SourceEngine engine) {
        if (cutover.freeze() == FreezeMethod.REVOKE && !engine.supportsRevokeFreeze()) {
            return List.of(Finding.error("cutover.freeze", "revoke", unsupportedRevoke(engine)));
        }
        return List.of();
    }

    /** Why {@code revoke} cannot freeze a source of this engine, and what can. */
    public static String unsupportedRevoke(io.ferry.capture.engine.SourceEngine engine) {
        return "cutover.freeze revoke is built for mariadb and mysql sources only; a "
                + engine.kind().name().toLowerCase(java.util.Locale.ROOT) + " source freezes with read_only, command, webhook or none";
    }

    /** {@code 'user'@'host'} against {@code user} or {@code user@host}. */
    static boolean matches(String account, String applicationUser) {
        String a = account.replace("'", "").replace("`", "");
        String user = a.contains("@") ? a.substring(0, a.lastIndexOf('@')) : a;
        return applicationUser.contains("@") ? a.equals(applicationUser) : user.equals(applicationUser);
    }
}
