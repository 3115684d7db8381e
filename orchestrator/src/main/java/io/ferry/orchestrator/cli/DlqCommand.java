package io.ferry.orchestrator.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.ferry.apply.ParkedRecord;
import io.ferry.apply.jdbc.DeadLetterReplayer;
import io.ferry.apply.jdbc.TargetConnections;
import io.ferry.core.config.ConfigLoader;
import io.ferry.core.config.PipelineConfig;
import io.ferry.core.event.ChangeEvent;
import io.ferry.core.event.ChangeEventCodec;
import io.ferry.orchestrator.dlq.PipelineDeadLetters;
import io.ferry.orchestrator.run.EmbeddedBroker;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "dlq", mixinStandardHelpOptions = true,
        description = "The pipeline's dead letters: records the applier could not apply and parked in _ferry.dlq.",
        subcommands = {DlqCommand.ListCommand.class, DlqCommand.ReplayCommand.class})
final class DlqCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    static PipelineDeadLetters deadLetters(Path config) throws Exception {
        PipelineConfig pipeline = EmbeddedBroker.resolve(ConfigLoader.load(config));
        return new PipelineDeadLetters(pipeline, () -> TargetConnections.open(pipeline.target(), "ferry-dlq"));
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Lists the parked records not replayed yet: table, key, reason, source position, time. Exit code 1 when there are any.")
    static final class ListCommand implements Callable<Integer> {

        @Option(names = {"-c", "--config"}, required = true, description = "The pipeline file.")
        Path config;

        @Option(names = "--json", description = "Print the records as JSON.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            List<ParkedRecord> parked = deadLetters(config).unreplayed();
            List<Map<String, Object>> rows = parked.stream().map(ListCommand::row).toList();
            if (json) {
                System.out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(rows));
            } else {
                System.out.println(parked.size() + " parked record(s) not replayed");
                for (Map<String, Object> r : rows) {
                    System.out.println("  " + r.get("parkedAt") + "  " + r.get("table") + "  key " + r.get("key") + "  at " + r.get("position")
                            + "  (" + r.get("record") + ")");
                    System.out.println("      " + r.get("reason"));
                }
                if (!parked.isEmpty()) {
                    System.out.println("fix the cause, then: ferry dlq replay -c " + config);
                }
            }
            return parked.isEmpty() ? 0 : 1;
        }

        private static Map<String, Object> row(ParkedRecord r) {
            Map<String, Object> m = new LinkedHashMap<>();
            ChangeEvent e = null;
            try {
                e = r.value() == null ? null : ChangeEventCodec.decode(r.value());
            } catch (RuntimeException unreadable) {
                // listed with what the dead letter itself says
            }
            m.put("table", r.table());
            m.put("key", e == null ? null : e.key());
            m.put("op", e == null ? null : e.op().toString());
            m.put("reason", r.reason());
            m.put("position", e == null ? null : e.position().describe());
            m.put("parkedAt", Instant.ofEpochMilli(r.parkedAtMillis()).toString());
            m.put("record", r.source().toString());
            return m;
        }
    }

    @Command(name = "replay", mixinStandardHelpOptions = true,
            description = "Applies the parked records again, once their cause is fixed: in their original order, each at most once, "
                    + "and never over a later change of the same row. Exit code 1 when any stays parked.")
    static final class ReplayCommand implements Callable<Integer> {

        @Option(names = {"-c", "--config"}, required = true, description = "The pipeline file.")
        Path config;

        @Override
        public Integer call() throws Exception {
            List<DeadLetterReplayer.Outcome> outcomes = deadLetters(config).replay();
            long parked = 0;
            for (DeadLetterReplayer.Outcome o : outcomes) {
                System.out.println("  " + o.status().toString().toLowerCase().replace('_', ' ') + ": " + o.record().table() + " "
                        + o.record().source() + (o.status() == DeadLetterReplayer.Status.APPLIED ? "" : " (" + o.detail() + ")"));
                if (o.status() == DeadLetterReplayer.Status.STILL_FAILS || o.status() == DeadLetterReplayer.Status.LEFT_PARKED) {
                    parked++;
                }
            }
            System.out.println(outcomes.size() + " record(s): "
                    + count(outcomes, DeadLetterReplayer.Status.APPLIED) + " applied, "
                    + count(outcomes, DeadLetterReplayer.Status.SUPERSEDED) + " superseded by a later change, "
                    + parked + " still parked");
            return parked == 0 ? 0 : 1;
        }

        private static long count(List<DeadLetterReplayer.Outcome> outcomes, DeadLetterReplayer.Status status) {
            return outcomes.stream().filter(o -> o.status() == status).count();
        }
    }
}
