package io.ferry.apply.dialect;

import io.ferry.core.config.TargetKind;

/** The one place that turns a pipeline's {@link TargetKind} into its {@link TargetDialect}. */
public final class TargetDialects {

    private TargetDialects() {
    }

    public static TargetDialect of(TargetKind kind) {
        return switch (kind) {
            case POSTGRESQL -> PostgresTargetDialect.INSTANCE;
            case MARIADB -> MySqlTargetDialect.MARIADB;
            case MYSQL -> MySqlTargetDialect.MYSQL;
        };
    }
}
