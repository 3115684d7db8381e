package io.ferry.bench;

import io.ferry.orchestrator.schema.UniqueIndex;
import io.ferry.orchestrator.schema.UniqueIndexBuilder;
import io.ferry.sandbox.Sandbox;
import io.ferry.sandbox.SandboxOptions;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;

/**
 * Measures what making a secondary unique index unique costs the cutover's freeze: a {@code users} table of
 * {@code --rows} rows in PostgreSQL with a plain index on {@code email} (as the plan leaves it while changes stream),
 * then the plan's statement that builds the unique index and swaps it in, timed, and the dry run's estimate beside it.
 * Prints the figures; asserts nothing.
 */
public final class UniqueIndexBench {

    public static void main(String[] args) throws Exception {
        int rows = PipelineBench.intArg(args, "--rows", 1_000_000);
        try (Sandbox sandbox = Sandbox.start(SandboxOptions.defaults().withKafka(false).withMariadb(false))) {
            sandbox.postgres().createDatabase("bench");
            UniqueIndex email = new UniqueIndex("app", "users", "users_uq_email", "(\"email\")");
            UniqueIndex pair = new UniqueIndex("app", "users", "users_uq_pair", "(\"name\", \"id2\")");
            try (Connection p = sandbox.postgres().connect("bench"); Statement s = p.createStatement()) {
                s.execute("CREATE SCHEMA app");
                s.execute("CREATE TABLE app.users (id bigint PRIMARY KEY, email varchar(100) NOT NULL, name varchar(40), id2 bigint)");
                long t0 = System.nanoTime();
                s.execute("INSERT INTO app.users SELECT g, 'user-' || md5(g::text) || '@example.com', 'name-' || (g % 1000), g "
                        + "FROM generate_series(1, " + rows + ") g");
                s.execute(email.createPlain());
                s.execute(pair.createPlain());
                s.execute("VACUUM ANALYZE app.users");
                System.out.printf("loaded %,d rows with two plain indexes in %.1f s%n", rows, (System.nanoTime() - t0) / 1e9);
                for (UniqueIndex u : new UniqueIndex[] {email, pair}) {
                    long estimated = UniqueIndexBuilder.estimatedRows(p, u);
                    Duration took = UniqueIndexBuilder.build(p, u, null);
                    System.out.printf("%s: made unique in %,d ms (%,.0f rows/s); dry-run estimate %,d ms for ~%,d rows%n", u.describe(),
                            took.toMillis(), rows * 1000.0 / Math.max(1, took.toMillis()), UniqueIndexBuilder.estimate(estimated).toMillis(),
                            estimated);
                    Duration again = UniqueIndexBuilder.build(p, u, null);
                    System.out.printf("  again (unique already, skipped): %,d ms%n", again.toMillis());
                }
            }
        }
    }
}
