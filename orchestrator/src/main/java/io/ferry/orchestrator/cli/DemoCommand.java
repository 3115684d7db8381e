package io.ferry.orchestrator.cli;

import io.ferry.orchestrator.demo.DemoRun;
import io.ferry.orchestrator.demo.ShopDatabase;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Moves a sample shop database from a private MariaDB to a private PostgreSQL while an application writes to it, "
                + "then cuts the application over: it follows the routing endpoint, and the demo prints the write pause it saw and the "
                + "freeze time per step, and checks that every acknowledged write is in PostgreSQL and the source is read-only. "
                + "Exits 0 only when all of that holds.")
final class DemoCommand implements Callable<Integer> {

    @Option(names = "--write-seconds", defaultValue = "10",
            description = "Least time the application writes before the cutover is requested; it is requested once the migration is ready (default ${DEFAULT-VALUE}).")
    int writeSeconds;

    @Option(names = "--after-flip-seconds", defaultValue = "3", description = "How long the application goes on writing, to PostgreSQL, after the cutover (default ${DEFAULT-VALUE}).")
    int afterFlipSeconds;

    @Option(names = "--ready-timeout-seconds", defaultValue = "300", description = "Longest wait for the migration to become ready for the cutover (default ${DEFAULT-VALUE}).")
    int readyTimeoutSeconds;

    @Option(names = "--writes-per-second", defaultValue = "150", description = "Transactions per second of the writer (default ${DEFAULT-VALUE}).")
    int writesPerSecond;

    @Option(names = "--orders", defaultValue = "60000", description = "Orders in the sample (2 lines each; customers and products scale along; default ${DEFAULT-VALUE}).")
    int orders;

    @Override
    public Integer call() throws Exception {
        ShopDatabase.Size size = orders == ShopDatabase.Size.DEMO.orders() ? ShopDatabase.Size.DEMO
                : new ShopDatabase.Size(Math.max(10, orders / 3), Math.max(10, orders / 30), orders, 2);
        DemoRun.Options options = new DemoRun.Options(Duration.ofSeconds(writeSeconds), Duration.ofSeconds(afterFlipSeconds), writesPerSecond,
                size, Duration.ofSeconds(readyTimeoutSeconds));
        return new DemoRun(options, System.out).run() ? 0 : 1;
    }
}
