package io.ferry.apply.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.core.schema.jdbc.FerrySchema;
import io.ferry.sandbox.Sandbox;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Capture's bulk load, the applier and the coordinator create the {@code ferry} schema and their tables at the same
 * moment when a pipeline starts; PostgreSQL's {@code IF NOT EXISTS} alone lets all but one of them fail then (seen in
 * {@code ferry demo}: "duplicate key value violates unique constraint pg_namespace_nspname_index").
 */
class FerrySchemaIT {

    private final Sandbox sandbox = Sandbox.shared();

    @Test
    void creatorsStartingTogetherAllSucceed() throws Exception {
        String db = "ferry_schema_race";
        sandbox.postgres().createDatabase(db);
        int creators = 6;
        ExecutorService pool = Executors.newFixedThreadPool(creators);
        try {
            for (int round = 0; round < 10; round++) {
                try (Connection c = sandbox.postgres().connect(db); Statement s = c.createStatement()) {
                    s.execute("DROP SCHEMA IF EXISTS ferry CASCADE");
                }
                CyclicBarrier start = new CyclicBarrier(creators);
                List<Future<?>> runs = new ArrayList<>();
                for (int i = 0; i < creators; i++) {
                    runs.add(pool.submit(() -> {
                        try (Connection c = sandbox.postgres().connect(db)) {
                            start.await(30, TimeUnit.SECONDS);
                            FerrySchema.ensure(c, "CREATE TABLE IF NOT EXISTS ferry.shared (id int PRIMARY KEY)");
                        }
                        return null;
                    }));
                }
                for (Future<?> run : runs) {
                    run.get(60, TimeUnit.SECONDS); // throws what a creator threw
                }
            }
        } finally {
            pool.shutdownNow();
        }
        try (Connection c = sandbox.postgres().connect(db); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'ferry'")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(1);
        }
    }
}
