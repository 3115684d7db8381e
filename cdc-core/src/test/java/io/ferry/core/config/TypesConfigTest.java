package io.ferry.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

import io.ferry.core.config.TypesConfig.ZeroDateRule;
import org.junit.jupiter.api.Test;

class TypesConfigTest {

    private static final String MINIMAL = """
            name: shop
            source: {kind: mariadb, host: 127.0.0.1, user: ferry, database: shop}
            target: {kind: postgresql, host: 127.0.0.1, database: target, user: ferry}
            kafka: {bootstrapServers: "127.0.0.1:9092"}
            """;

    private static PipelineConfig parse(String yaml) {
        return ConfigLoader.parse(yaml, "p.yaml", n -> null, null);
    }

    @Test
    void leftOutTheRulesAreTheDocumentedDefaults() {
        TypesConfig t = parse(MINIMAL).types();
        assertThat(t.tinyint1()).isEqualTo(TypesConfig.Tinyint1Mapping.BOOLEAN);
        assertThat(t.enums()).isEqualTo(TypesConfig.EnumMapping.CHECK);
        assertThat(t.sets()).isEqualTo(TypesConfig.SetMapping.TEXT);
        assertThat(t.zeroDateRule("orders", "shipped")).isEqualTo(new ZeroDateRule(ZeroDatePolicy.ERROR, null));
        assertThat(t.typeOverride("orders", "c", "json", "json")).isNull();
        assertThat(t.tinyint1AsBoolean("orders", "flag", "tinyint(1)")).isTrue();
    }

    @Test
    void aColumnRuleWinsOverTheTypeRuleWhichWinsOverTheDefault() {
        TypesConfig t = parse(MINIMAL + """
                types:
                  tinyint1: smallint
                  zeroDates: as_null
                  zeroDateSentinel: "0001-01-01"
                  byType: {"TINYINT(1)": boolean, json: text, int: bigint}
                  columns:
                    orders.flag: {type: smallint}
                    orders.shipped: {zeroDates: sentinel}
                    orders.due: {zeroDates: sentinel, sentinel: "1970-01-01"}
                """).types();
        assertThat(t.tinyint1AsBoolean("orders", "flag", "tinyint(1)")).as("column rule").isFalse();
        assertThat(t.tinyint1AsBoolean("other", "flag", "tinyint(1)")).as("type rule, key case-insensitive").isTrue();
        assertThat(t.typeOverride("orders", "n", "int(10) unsigned", "int")).as("bare type").isEqualTo("bigint");
        assertThat(t.zeroDateRule("orders", "shipped")).isEqualTo(new ZeroDateRule(ZeroDatePolicy.SENTINEL, "0001-01-01"));
        assertThat(t.zeroDateRule("orders", "due")).isEqualTo(new ZeroDateRule(ZeroDatePolicy.SENTINEL, "1970-01-01"));
        assertThat(t.zeroDateRule("orders", "created")).isEqualTo(new ZeroDateRule(ZeroDatePolicy.AS_NULL, null));
    }

    @Test
    void aSentinelPolicyWithoutASentinelAndABadColumnKeyAreNamedWithTheirPlace() {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> parse(MINIMAL + """
                types:
                  zeroDates: sentinel
                  columns:
                    nodot: {type: text}
                    orders.d: {zeroDates: sentinel}
                """));
        assertThat(e.problems()).extracting(ConfigProblem::key, ConfigProblem::message).contains(
                tuple("types.zeroDateSentinel", "is required when zeroDates is sentinel"),
                tuple("types.columns.nodot", "must be written table.column"));
        assertThat(e.getMessage()).contains("p.yaml:");
    }

    @Test
    void anUnknownPolicyListsTheChoices() {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> parse(MINIMAL + """
                types:
                  zeroDates: nil
                """));
        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.key()).isEqualTo("types.zeroDates");
            assertThat(p.message()).contains("as_null").contains("error").contains("sentinel");
        });
    }
}
