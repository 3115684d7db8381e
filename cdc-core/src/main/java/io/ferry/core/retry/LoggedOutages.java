package io.ferry.core.retry;

import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs an outage once at its start (WARN) and once at recovery (INFO), not once per attempt. */
public final class LoggedOutages implements OutageListener {

    private final Logger log;
    private final String service;

    /** @param service who waits, as the log lines name it ("applier of pipeline shop") */
    public LoggedOutages(Class<?> owner, String service) {
        this.log = LoggerFactory.getLogger(owner);
        this.service = service;
    }

    @Override
    public void outageStarted(String what, Throwable error, Optional<Duration> limit) {
        log.warn("{}: {} failed, waiting for it to come back ({}): {}", service, what,
                limit.map(d -> "for up to " + d.toSeconds() + " s").orElse("without a time limit"), rootMessage(error));
    }

    @Override
    public void recovered(String what, int failures, Duration lasted) {
        log.info("{}: {} recovered after {} failed attempts over {} s", service, what, failures, lasted.toSeconds());
    }

    private static String rootMessage(Throwable t) {
        String m = t.getMessage();
        for (Throwable c = t.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            if (c.getMessage() != null && (m == null || !m.contains(c.getMessage()))) {
                m = (m == null ? "" : m + ": ") + c.getMessage();
            }
        }
        return m;
    }
}
