package io.ferry.core.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Where capture and the applier, run as separate services, serve {@code /metrics}, {@code /health/live} and
 * {@code /health/ready}. {@code ferry run} and {@code ferry coordinator} serve them on the admin API instead.
 *
 * @param bind        the address they listen on; null selects {@value #DEFAULT_BIND}
 * @param capturePort 0 selects {@value #DEFAULT_CAPTURE_PORT}; -1 serves nothing
 * @param applierPort 0 selects {@value #DEFAULT_APPLIER_PORT}; -1 serves nothing
 */
public record MetricsConfig(
        @JsonProperty(defaultValue = "127.0.0.1") String bind,
        @JsonProperty(defaultValue = "8471") int capturePort,
        @JsonProperty(defaultValue = "8472") int applierPort) {

    public static final String DEFAULT_BIND = "127.0.0.1";
    public static final int DEFAULT_CAPTURE_PORT = 8471;
    public static final int DEFAULT_APPLIER_PORT = 8472;
    public static final MetricsConfig DEFAULTS = new MetricsConfig(null, 0, 0);

    public MetricsConfig {
        bind = bind != null ? bind : DEFAULT_BIND;
        if (capturePort == 0) {
            capturePort = DEFAULT_CAPTURE_PORT;
        }
        if (applierPort == 0) {
            applierPort = DEFAULT_APPLIER_PORT;
        }
        Checks.on(MetricsConfig.class)
                .notBlank("bind", bind)
                .between("capturePort", capturePort, -1, 65_535)
                .between("applierPort", applierPort, -1, 65_535)
                .validate();
    }
}
