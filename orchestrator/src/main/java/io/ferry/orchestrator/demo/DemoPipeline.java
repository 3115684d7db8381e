package io.ferry.orchestrator.demo;

/** The pipeline file the demo writes for its sandbox: the same format operators write by hand. */
final class DemoPipeline {

    private DemoPipeline() {
    }

    static String yaml(String bootstrapServers, int mariadbPort, int postgresPort) {
        return """
                # Written by `ferry demo` for its sandbox; see docs/configuration.md.
                name: shop-demo
                source:
                  kind: mariadb
                  host: 127.0.0.1
                  port: %d
                  user: ferry
                  password: ${env:FERRY_DEMO_SOURCE_PASSWORD}
                  database: shop
                  serverId: 5401
                target:
                  kind: postgresql
                  host: 127.0.0.1
                  port: %d
                  database: ferry_demo
                  user: postgres
                  schema: shop
                kafka:
                  bootstrapServers: %s
                  topicPrefix: ferry
                  partitions: 3
                tables:
                  include: ["*"]
                apply:
                  batchSize: 2000
                  flushIntervalMs: 200
                  onError: dlq
                capture:
                  heartbeatIntervalMs: 200
                cutover:
                  freeze: read_only
                  freezeBudgetMs: 20000
                  lagSteadyMs: 3000
                """.formatted(mariadbPort, postgresPort, bootstrapServers);
    }
}
