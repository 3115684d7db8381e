package io.ferry.orchestrator.reverse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.capture.PostgresSlot;
import io.ferry.core.config.ConfigLoader;
import io.ferry.core.config.PipelineConfig;
import io.ferry.core.config.SnapshotMode;
import io.ferry.core.config.SourceKind;
import io.ferry.core.config.TargetKind;
import io.ferry.core.topic.TopicNames;
import org.junit.jupiter.api.Test;

class ReversePipelineTest {

    private static PipelineConfig forward(String sourceKind) {
        String yaml = "name: shop\nsource: {kind: " + sourceKind + ", host: maria, port: 3307, user: ferry, password: s3cret, database: shop, serverId: 5}\n"
                + "target: {kind: postgresql, host: pg, port: 5433, user: ferry_pg, password: t0p, database: warehouse, schema: app}\n"
                + "kafka: {bootstrapServers: 'k:9092', topicPrefix: ferry}\ntables: {include: ['orders', 'order_*'], exclude: ['order_log']}\n"
                + "cutover: {reverse: {enabled: true, applicationRole: shop_app}}\n";
        return ConfigLoader.parse(yaml, "p.yaml", n -> null, null);
    }

    @Test
    void capturesTheTargetAndAppliesToTheSourceUnderNamesOfItsOwn() {
        PipelineConfig f = forward("mariadb");
        PipelineConfig r = ReversePipeline.of(f);

        assertThat(f.cutover().reverse().enabled()).isTrue();
        assertThat(f.cutover().reverse().applicationRole()).isEqualTo("shop_app");
        assertThat(r.name()).isEqualTo("shop-reverse");
        assertThat(r.source().kind()).isEqualTo(SourceKind.POSTGRESQL);
        assertThat(r.source().host()).isEqualTo("pg");
        assertThat(r.source().port()).isEqualTo(5433);
        assertThat(r.source().database()).isEqualTo("warehouse");
        assertThat(r.source().namespace()).isEqualTo("app");
        assertThat(r.source().user()).isEqualTo("ferry_pg");
        assertThat(r.source().password().reveal()).isEqualTo("t0p");
        assertThat(r.target().kind()).isEqualTo(TargetKind.MARIADB);
        assertThat(r.target().host()).isEqualTo("maria");
        assertThat(r.target().port()).isEqualTo(3307);
        assertThat(r.target().schema()).isEqualTo("shop");
        assertThat(r.target().password().reveal()).isEqualTo("s3cret");
        assertThat(r.kafka().topicPrefix()).isEqualTo("ferry_reverse");
        assertThat(r.kafka().bootstrapServers()).isEqualTo("k:9092");
        assertThat(r.capture().snapshotMode()).as("streams from the slot made in the freeze").isEqualTo(SnapshotMode.NO_DATA);
        assertThat(r.tables()).isEqualTo(f.tables());
        assertThat(PostgresSlot.slotName(r.name())).isEqualTo("ferry_shop_reverse");
    }

    @Test
    void itsTopicsNeverMeetTheForwardPipelines() {
        PipelineConfig f = forward("mariadb");
        PipelineConfig r = ReversePipeline.of(f);
        String forwardTopic = "ferry.shop.orders";
        String reverseTopic = "ferry_reverse.app.orders";
        assertThat(TopicNames.pipelineTopicPattern(f).matcher(forwardTopic).matches()).isTrue();
        assertThat(TopicNames.pipelineTopicPattern(f).matcher(reverseTopic).matches()).isFalse();
        assertThat(TopicNames.pipelineTopicPattern(r).matcher(reverseTopic).matches()).isTrue();
        assertThat(TopicNames.pipelineTopicPattern(r).matcher(forwardTopic).matches()).isFalse();
        assertThat(TopicNames.pipelineTopicPattern(r).matcher("ferry_reverse.app.order_log").matches()).as("excluded alike").isFalse();
    }

    @Test
    void aMySqlSourceIsWrittenAsMySql() {
        assertThat(ReversePipeline.of(forward("mysql")).target().kind()).isEqualTo(TargetKind.MYSQL);
    }

    @Test
    void onlyAMySqlFamilyToPostgreSqlPipelineHasAWayBack() {
        String yaml = "name: pg2pg\nsource: {kind: postgresql, host: a, port: 5432, user: u, password: x, database: d}\n"
                + "target: {kind: postgresql, host: b, port: 5432, user: u, password: x, database: d}\nkafka: {bootstrapServers: 'k:1'}\n";
        PipelineConfig pg = ConfigLoader.parse(yaml, "p.yaml", n -> null, null);
        assertThatThrownBy(() -> ReversePipeline.of(pg)).hasMessageContaining("POSTGRESQL to POSTGRESQL");
    }
}
