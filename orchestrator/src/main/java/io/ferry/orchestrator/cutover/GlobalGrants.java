package io.ferry.orchestrator.cutover;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The global privileges ({@code ON *.*}) of the current account of a MariaDB or MySQL server as its {@code SHOW GRANTS}
 * lines give them, and whether a role is granted to it, whose privileges those lines do not show. Pure. The lines hold
 * password hashes: nothing of them but privilege names is kept.
 *
 * @param privileges the global privileges, upper case ({@code ALL PRIVILEGES} as one)
 * @param hasRoles   whether a role is granted, so that the account may hold more than {@code privileges}
 */
public record GlobalGrants(Set<String> privileges, boolean hasRoles) {

    private static final Pattern GLOBAL = Pattern.compile("^GRANT (.+?) ON \\*\\.\\* TO ", Pattern.CASE_INSENSITIVE);
    /** A role grant: {@code GRANT `role` TO ...} or {@code GRANT 'role'@'%' TO ...} (no ON clause). */
    private static final Pattern ROLE = Pattern.compile("^GRANT [`'\"][^ ]* TO ", Pattern.CASE_INSENSITIVE);

    public GlobalGrants {
        privileges = Set.copyOf(privileges);
    }

    public static GlobalGrants parse(List<String> showGrantsLines) {
        Set<String> privileges = new TreeSet<>();
        boolean roles = false;
        for (String line : showGrantsLines) {
            Matcher m = GLOBAL.matcher(line);
            if (m.find()) {
                for (String p : m.group(1).split(",")) {
                    privileges.add(p.trim().toUpperCase(Locale.ROOT));
                }
            } else if (ROLE.matcher(line).find()) {
                roles = true;
            }
        }
        return new GlobalGrants(privileges, roles);
    }

    /** Whether the account holds one of {@code anyOf} globally. */
    public boolean holdsAny(List<String> anyOf) {
        return anyOf.stream().map(p -> p.toUpperCase(Locale.ROOT)).anyMatch(privileges::contains);
    }
}
