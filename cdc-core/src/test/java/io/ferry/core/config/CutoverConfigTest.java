package io.ferry.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CutoverConfigTest {

    private static final String TOKEN = "tok-MARKER-91";

    private static final String MINIMAL = """
            name: shop
            source: {kind: mariadb, host: 127.0.0.1, user: ferry, database: shop}
            target: {kind: postgresql, host: 127.0.0.1, database: target, user: ferry}
            kafka: {bootstrapServers: "127.0.0.1:9092"}
            """;

    private static PipelineConfig parse(String yaml) {
        return ConfigLoader.parse(yaml, "pipeline.yaml", Map.of("FERRY_TOKEN", TOKEN)::get, null);
    }

    @Test
    void leavesEveryCutoverSettingAtItsDefaultWhenTheSectionIsLeftOut() {
        CutoverConfig c = parse(MINIMAL).cutover();

        assertThat(c.freeze()).isEqualTo(FreezeMethod.READ_ONLY);
        assertThat(c.freezeBudgetMs()).isEqualTo(5000);
        assertThat(c.lagThresholdMs()).isEqualTo(2000);
        assertThat(c.hooks().flip().hasCommand()).isFalse();
        assertThat(c.api().bind()).as("only this machine by default").isEqualTo("127.0.0.1");
        assertThat(c.api().token().isEmpty()).isTrue();
    }

    @Test
    void bindsACutoverSectionWithHooksAndATokenFromTheEnvironment() {
        CutoverConfig c = parse(MINIMAL + """
                cutover:
                  freeze: revoke
                  freezeBudgetMs: 3000
                  lagThresholdMs: 1500
                  applicationUser: "app@10.0.0.%"
                  hooks:
                    flip: {command: [/usr/local/bin/flip, --to, target], url: "http://127.0.0.1:9000/flip"}
                  api: {bind: 0.0.0.0, port: 9470, token: "${env:FERRY_TOKEN}"}
                """).cutover();

        assertThat(c.freeze()).isEqualTo(FreezeMethod.REVOKE);
        assertThat(c.freezeBudgetMs()).isEqualTo(3000);
        assertThat(c.applicationUserName()).isEqualTo("app");
        assertThat(c.applicationUserHost()).isEqualTo("10.0.0.%");
        assertThat(c.hooks().flip().command()).containsExactly("/usr/local/bin/flip", "--to", "target");
        assertThat(c.hooks().flip().url()).isEqualTo("http://127.0.0.1:9000/flip");
        assertThat(c.api().port()).isEqualTo(9470);
        assertThat(c.api().token().reveal()).isEqualTo(TOKEN);
        assertThat(c.toString()).doesNotContain(TOKEN);
    }

    @Test
    void reportsAFreezeMethodWithoutWhatItNeeds() {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> parse(MINIMAL + """
                cutover:
                  freeze: revoke
                  freezeBudgetMs: 50
                """));

        assertThat(e.problems()).extracting(ConfigProblem::key).containsExactlyInAnyOrder(
                "cutover.freezeBudgetMs", "cutover.applicationUser");
        ConfigException hooks = catchThrowableOfType(ConfigException.class, () -> parse(MINIMAL + """
                cutover: {freeze: webhook, hooks: {freeze: {url: "ftp://x"}}}
                """));
        assertThat(hooks.problems()).extracting(ConfigProblem::key, ConfigProblem::message).contains(
                org.assertj.core.api.Assertions.tuple("cutover.hooks.freeze.url", "must be an http:// or https:// address"));
    }
}
