package io.ferry.capture.engine;

import java.util.List;

/**
 * The {@code read_only} freeze of one source engine as statements: what stops writes, the query that ends the
 * sessions that could still write (null when the engine's switch needs none), and what lets writes in again. Every
 * statement is idempotent, so a freeze may be repeated and a restarted coordinator may unfreeze without knowing how far
 * the freeze got. Pure data; the coordinator's {@code ReadOnlyFreeze} runs it.
 *
 * @param freeze          statements run in order to stop writes
 * @param endSessions     a query ending the sessions that could still write, one row per session: its id and whether it
 *                        was signalled; or null
 * @param endSessionsRole the value of the query's one parameter (the application's role), or null when it has none
 * @param unfreeze        statements run in order to allow writes again
 * @param notes           what a dry run says besides the statements (who can still write)
 * @param bypassingAccountsQuery a query listing the accounts ({@code 'user'@'host'}) whose writes the switch does not stop,
 *                        or null when it stops every account's
 * @param sessionsLeft    a query counting which of the ended sessions (its one parameter: an array of their ids) are still
 *                        there, or null: ending one only signals it, and one in the middle of its COMMIT finishes it
 *                        first, so the freeze waits until they are gone before the watermark is read
 * @param switchPrivileges the global privileges, as MySQL's and MariaDB's {@code SHOW GRANTS} names them, any one of which
 *                        lets an account flip the switch, the one to grant first; empty where the engine's check of them is
 *                        not built (PostgreSQL)
 * @param tryable         whether the freeze statements take effect only when committed (PostgreSQL's {@code ALTER ... SET}),
 *                        so that a cutover's pre-checks may run them in a transaction and roll it back to learn whether the
 *                        account may
 * @param mayEndSessions  a query returning one boolean, whether the account may end the sessions {@code endSessions}
 *                        finds, with the GRANT that would let it as a second column; or null
 * @param frozenQuery     a query returning one boolean: whether the freeze is in effect now (an unfreeze of a source that
 *                        is not frozen has nothing to do, and needs no privilege: one frozen and unfrozen by hand, or never
 *                        frozen because the freeze was refused)
 * @param session         statements run first on each connection the freeze, the unfreeze and their checks open: on a
 *                        PostgreSQL database frozen whole, a new session of the freeze's own account is read-only too, and
 *                        could not undo it
 */
public record ReadOnlySwitch(List<String> freeze, String endSessions, String endSessionsRole, List<String> unfreeze, List<String> notes,
                             String bypassingAccountsQuery, String sessionsLeft, List<String> switchPrivileges, boolean tryable,
                             String mayEndSessions, String frozenQuery, List<String> session) {

    public ReadOnlySwitch {
        freeze = List.copyOf(freeze);
        unfreeze = List.copyOf(unfreeze);
        notes = List.copyOf(notes);
        switchPrivileges = List.copyOf(switchPrivileges);
        session = List.copyOf(session);
    }
}
