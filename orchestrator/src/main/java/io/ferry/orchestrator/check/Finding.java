package io.ferry.orchestrator.check;

/**
 * One result of {@code ferry check}.
 *
 * @param code    a stable name for tools and tests ({@code binlog.format}, {@code privilege.missing})
 * @param subject what it is about (the server, a table, a column)
 * @param message what is wrong and what to do about it
 */
public record Finding(Severity severity, String code, String subject, String message) {

    public enum Severity { ERROR, WARNING, INFO }

    static Finding error(String code, String subject, String message) {
        return new Finding(Severity.ERROR, code, subject, message);
    }

    static Finding warning(String code, String subject, String message) {
        return new Finding(Severity.WARNING, code, subject, message);
    }

    static Finding info(String code, String subject, String message) {
        return new Finding(Severity.INFO, code, subject, message);
    }
}
