package io.ferry.core.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The coordinator's admin HTTP API.
 *
 * @param bind  the address it listens on; null selects {@value #DEFAULT_BIND}, so only this machine reaches it
 * @param port  0 selects {@value #DEFAULT_PORT}
 * @param token the bearer token every mutating call must present; give it through {@code ${env:NAME}} or
 *              {@code ${file:path}}. Without one, mutating calls are refused.
 */
public record AdminApiConfig(
        @JsonProperty(defaultValue = "127.0.0.1") String bind,
        @JsonProperty(defaultValue = "8470") int port,
        Secret token) {

    public static final String DEFAULT_BIND = "127.0.0.1";
    public static final int DEFAULT_PORT = 8470;
    public static final AdminApiConfig DEFAULTS = new AdminApiConfig(null, 0, null);

    public AdminApiConfig {
        bind = bind != null ? bind : DEFAULT_BIND;
        if (port == 0) {
            port = DEFAULT_PORT;
        }
        token = token != null ? token : Secret.EMPTY;
        Checks.on(AdminApiConfig.class)
                .notBlank("bind", bind)
                .between("port", port, 1, 65_535)
                .validate();
    }
}
