package io.ferry.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class SecretTest {

    private static final String MARKER = "s3cr3t-MARKER";

    @Test
    void revealsItsValueOnlyThroughReveal() {
        Secret secret = Secret.of(MARKER);

        assertThat(secret.reveal()).isEqualTo(MARKER);
        assertThat(secret.toString()).isEqualTo("****");
        assertThat(String.valueOf(secret)).doesNotContain(MARKER);
    }

    @Test
    void comparesByValue() {
        assertThat(Secret.of(MARKER)).isEqualTo(Secret.of(MARKER)).hasSameHashCodeAs(Secret.of(MARKER));
        assertThat(Secret.of(MARKER)).isNotEqualTo(Secret.of("other"));
        assertThat(Secret.of("")).isEqualTo(Secret.EMPTY);
        assertThat(Secret.EMPTY.isEmpty()).isTrue();
    }

    @Test
    void refusesNull() {
        assertThatThrownBy(() -> Secret.of(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void bindsFromAYamlOrJsonStringAndSerialisesMasked() throws Exception {
        ObjectMapper mapper = new ObjectMapper();

        Secret secret = mapper.readValue("\"" + MARKER + "\"", Secret.class);

        assertThat(secret.reveal()).isEqualTo(MARKER);
        assertThat(mapper.writeValueAsString(secret)).isEqualTo("\"****\"");
    }

    @Test
    void doesNotShowInTheToStringOfARecordHoldingIt() {
        TargetConfig target = new TargetConfig(TargetKind.POSTGRESQL, "h", 0, "db", "u", Secret.of(MARKER), null);

        assertThat(target.toString()).doesNotContain(MARKER).contains("password=****");
    }

    @Test
    void masksEveryOccurrenceOfEverySecretInAText() {
        String text = "login failed for ferry with s3cr3t-MARKER (tried s3cr3t-MARKER and hunter2)";

        assertThat(Secret.mask(text, List.of(Secret.of(MARKER), Secret.of("hunter2"))))
                .isEqualTo("login failed for ferry with **** (tried **** and ****)");
    }

    @Test
    void masksALongerSecretWholeWhenItContainsAShorterOne() {
        assertThat(Secret.mask("pw=abcdef", List.of(Secret.of("abc"), Secret.of("abcdef")))).isEqualTo("pw=****");
    }

    @Test
    void leavesTextAloneForEmptySecretsAndNoSecrets() {
        assertThat(Secret.mask("nothing to hide", List.of(Secret.EMPTY))).isEqualTo("nothing to hide");
        assertThat(Secret.mask("nothing to hide", List.of())).isEqualTo("nothing to hide");
        assertThat(Secret.mask(null, List.of(Secret.of(MARKER)))).isNull();
    }
}
