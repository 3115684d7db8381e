package io.ferry.core.config;

import java.util.List;

/**
 * Something a cutover calls at one of its moments: a command (program and arguments, run without a shell) or a
 * webhook (an HTTP POST of a small JSON document), or both.
 *
 * @param command the program and its arguments; empty for none
 * @param url     the webhook's http or https address; null for none
 */
public record HookConfig(List<String> command, String url) {

    public HookConfig {
        command = command != null ? List.copyOf(command) : List.of();
        Checks.on(HookConfig.class)
                .require(command.isEmpty() || !command.get(0).isBlank(), "command", "the first element names the program; it must not be empty")
                .require(url == null || url.startsWith("http://") || url.startsWith("https://"), "url", "must be an http:// or https:// address")
                .validate();
    }

    public boolean hasCommand() {
        return !command.isEmpty();
    }

    public boolean hasUrl() {
        return url != null;
    }

    /** No command, no webhook. */
    public static final HookConfig NONE = new HookConfig(List.of(), null);
}
