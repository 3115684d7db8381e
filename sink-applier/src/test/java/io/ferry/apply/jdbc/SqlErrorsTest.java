package io.ferry.apply.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.apply.dialect.PostgresTargetDialect;
import io.ferry.apply.dialect.SqlErrorKind;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransactionRollbackException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

class SqlErrorsTest {

    private static SqlErrorKind classify(String sqlState) {
        return PostgresTargetDialect.INSTANCE.classify(new SQLException("boom", sqlState));
    }

    @Test
    void lostConnectionIsRetriable() {
        assertThat(classify("08006")).isEqualTo(SqlErrorKind.RETRIABLE);
        assertThat(classify("08001")).isEqualTo(SqlErrorKind.RETRIABLE);
    }

    @Test
    void serializationFailureAndDeadlockAreRetriable() {
        assertThat(classify("40001")).isEqualTo(SqlErrorKind.RETRIABLE);
        assertThat(classify("40P01")).isEqualTo(SqlErrorKind.RETRIABLE);
    }

    @Test
    void insufficientResourcesAndAdminShutdownAreRetriable() {
        assertThat(classify("53300")).isEqualTo(SqlErrorKind.RETRIABLE);
        assertThat(classify("57P01")).isEqualTo(SqlErrorKind.RETRIABLE);
        assertThat(classify("57P02")).isEqualTo(SqlErrorKind.RETRIABLE);
        assertThat(classify("57P03")).isEqualTo(SqlErrorKind.RETRIABLE);
    }

    @Test
    void aCancelledQueryOrADroppedDatabaseIsPermanent() {
        assertThat(classify("57014")).isEqualTo(SqlErrorKind.PERMANENT);
        assertThat(classify("57P04")).isEqualTo(SqlErrorKind.PERMANENT);
    }

    @Test
    void theTargetErrorPolicyRetriesOnlyWhatCanPassAndLooksThroughWrappers() {
        TargetErrors errors = new TargetErrors(PostgresTargetDialect.INSTANCE);
        assertThat(errors.isRetriable(new java.sql.SQLException("refused", "08001"))).isTrue();
        assertThat(errors.isRetriable(new IllegalStateException("wrapped", new java.sql.SQLException("gone", "57P01")))).isTrue();
        assertThat(errors.isRetriable(new java.sql.SQLException("password authentication failed", "28P01"))).isFalse();
        assertThat(errors.isRetriable(new java.sql.SQLException("permission denied", "42501"))).isFalse();
        assertThat(errors.isRetriable(new java.sql.SQLException("relation does not exist", "42P01"))).isFalse();
        assertThat(errors.isRetriable(new IllegalStateException(new java.util.concurrent.TimeoutException()))).isTrue();
        assertThat(errors.isRetriable(new org.apache.kafka.common.errors.NetworkException("broker gone"))).isTrue();
        assertThat(errors.isRetriable(new io.ferry.apply.ApplyStoppedException("on-error: stop",
                new java.sql.SQLException("lost", "08006")))).isFalse();
    }

    @Test
    void integrityViolationIsAPoisonRecord() {
        assertThat(classify("23505")).isEqualTo(SqlErrorKind.POISON);
        assertThat(classify("23502")).isEqualTo(SqlErrorKind.POISON);
    }

    @Test
    void dataExceptionIsAPoisonRecord() {
        assertThat(classify("22003")).isEqualTo(SqlErrorKind.POISON);
        assertThat(classify("22P02")).isEqualTo(SqlErrorKind.POISON);
    }

    @Test
    void datatypeMismatchIsAPoisonRecord() {
        assertThat(classify("42804")).isEqualTo(SqlErrorKind.POISON);
    }

    @Test
    void authenticationFailureIsPermanent() {
        assertThat(classify("28P01")).isEqualTo(SqlErrorKind.PERMANENT);
        assertThat(classify("28000")).isEqualTo(SqlErrorKind.PERMANENT);
    }

    @Test
    void missingPrivilegeIsPermanent() {
        assertThat(classify("42501")).isEqualTo(SqlErrorKind.PERMANENT);
    }

    @Test
    void undefinedTableIsPermanent() {
        assertThat(classify("42P01")).isEqualTo(SqlErrorKind.PERMANENT);
        assertThat(classify("42703")).isEqualTo(SqlErrorKind.PERMANENT);
    }

    @Test
    void unknownStateClassIsPermanentSoItIsNeverRetriedForever() {
        assertThat(classify("XX000")).isEqualTo(SqlErrorKind.PERMANENT);
    }

    @Test
    void errorWithoutSqlStateIsRetriable() {
        assertThat(classify(null)).isEqualTo(SqlErrorKind.RETRIABLE);
        assertThat(classify("")).isEqualTo(SqlErrorKind.RETRIABLE);
    }

    @Test
    void transientAndRecoverableExceptionsAreRetriableWhateverTheirState() {
        assertThat(PostgresTargetDialect.INSTANCE.classify(new SQLTransientConnectionException("reset"))).isEqualTo(SqlErrorKind.RETRIABLE);
        assertThat(PostgresTargetDialect.INSTANCE.classify(new SQLTransientConnectionException("reset", "28P01"))).isEqualTo(SqlErrorKind.RETRIABLE);
        assertThat(PostgresTargetDialect.INSTANCE.classify(new SQLRecoverableException("gone", "XX000"))).isEqualTo(SqlErrorKind.RETRIABLE);
        assertThat(PostgresTargetDialect.INSTANCE.classify(new SQLTransactionRollbackException("deadlock", "40P01"))).isEqualTo(SqlErrorKind.RETRIABLE);
    }
}
