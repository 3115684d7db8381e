package io.ferry.orchestrator.cli;

import io.ferry.orchestrator.demo.DemoRun;
import io.ferry.orchestrator.demo.ShopDatabase;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Moves a sample shop database from a private MariaDB to a private PostgreSQL while it is being written, then proves both equal.")
final class DemoCommand implements Callable<Integer> {

    @Option(names = "--write-seconds", defaultValue = "20", description = "How long the application keeps writing (default ${DEFAULT-VALUE}).")
    int writeSeconds;

    @Option(names = "--writes-per-second", defaultValue = "150", description = "Transactions per second of the writer (default ${DEFAULT-VALUE}).")
    int writesPerSecond;

    @Option(names = "--orders", defaultValue = "60000", description = "Orders in the sample (2 lines each; customers and products scale along; default ${DEFAULT-VALUE}).")
    int orders;

    @Override
    public Integer call() throws Exception {
        ShopDatabase.Size size = orders == ShopDatabase.Size.DEMO.orders() ? ShopDatabase.Size.DEMO
                : new ShopDatabase.Size(Math.max(10, orders / 3), Math.max(10, orders / 30), orders, 2);
        DemoRun.Options options = new DemoRun.Options(Duration.ofSeconds(writeSeconds), writesPerSecond, size, Duration.ofMinutes(3));
        return new DemoRun(options, System.out).run() ? 0 : 1;
    }
}
