package io.ferry.capture;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CaptureFailureMessageTest {

    @Test
    void aFailureSaysWhyWithItsInnermostCause() {
        Exception why = new java.sql.SQLException("ERROR: must be owner of table Customer Accounts");
        Exception what = new RuntimeException("Unable to create filtered publication ferry_crm for \"Sales\".\"orders\"",
                new IllegalStateException("wrapped", why));

        assertThat(CaptureService.withRootCause(what)).isEqualTo("Unable to create filtered publication ferry_crm for \"Sales\".\"orders\""
                + " (caused by: ERROR: must be owner of table Customer Accounts)");
    }

    @Test
    void aMessageThatAlreadySaysWhyIsKept() {
        assertThat(CaptureService.withRootCause(new RuntimeException("no cause"))).isEqualTo("no cause");
        Exception cause = new RuntimeException("Access denied for user 'ferry'");
        assertThat(CaptureService.withRootCause(new RuntimeException("connect failed: Access denied for user 'ferry'", cause)))
                .isEqualTo("connect failed: Access denied for user 'ferry'");
        assertThat(CaptureService.withRootCause(new RuntimeException("outer", new RuntimeException((String) null)))).isEqualTo("outer");
    }
}
