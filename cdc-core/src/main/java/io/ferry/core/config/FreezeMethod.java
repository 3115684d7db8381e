package io.ferry.core.config;

/**
 * How a cutover stops the application's writes on the source. YAML: {@code read_only} (the server's global
 * read-only switch; accounts with SUPER or READ_ONLY ADMIN still write, which {@code ferry check} reports),
 * {@code revoke} (the application user's write privileges are revoked and its sessions ended, then restored on
 * unfreeze), {@code command} and {@code webhook} (the {@code hooks.freeze}/{@code hooks.unfreeze} hooks do it), or
 * {@code none} (the application stops its own writes).
 */
public enum FreezeMethod {
    READ_ONLY,
    REVOKE,
    COMMAND,
    WEBHOOK,
    NONE
}
