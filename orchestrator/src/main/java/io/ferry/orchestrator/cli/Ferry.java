package io.ferry.orchestrator.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code ferry} command line. */
@Command(name = "ferry", mixinStandardHelpOptions = true, version = "ferry 0.1.0",
        description = "Moves a live MySQL/MariaDB database to PostgreSQL over Kafka, without downtime.",
        subcommands = {DemoCommand.class, CheckCommand.class, SchemaCommand.class, CaptureCommand.class, ApplyCommand.class,
                ValidateCommand.class, StatusCommand.class, DrainCommand.class, RunCommand.class,
                CoordinatorCommand.class, CutoverCommand.class, AbortCommand.class, CompleteCommand.class, AbandonCommand.class,
                RollbackCommand.class, DlqCommand.class,
                ConnectorsCommand.class})
public final class Ferry implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        var logFormat = LogFormat.problem(System.getenv().getOrDefault(LogFormat.VARIABLE, System.getProperty(LogFormat.VARIABLE)));
        if (logFormat.isPresent()) {
            System.err.println("ferry: " + logFormat.get());
            System.exit(2);
        }
        int code = new CommandLine(new Ferry())
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    cmd.getErr().println("ferry: " + e.getMessage());
                    return 1;
                })
                .execute(args);
        System.exit(code);
    }
}
