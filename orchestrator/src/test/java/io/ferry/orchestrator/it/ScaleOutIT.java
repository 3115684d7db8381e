package io.ferry.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.apply.streams.ApplierService;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Scale-out of the applier: two applier processes (separate JVMs, the same pipeline file) form one Kafka Streams
 * application and share the change topic's partitions. One is killed with SIGKILL while the writer keeps writing;
 * its partitions move to the other, which resumes each from the position recorded in the target (reading back
 * what Streams had committed past it). After the drain the target equals the source and no row was ever seen at
 * an older version than before.
 */
class ScaleOutIT {

    private static final int INITIAL_ROWS = 3000;
    private static final List<String> KEY = List.of("id");

    @Test
    void twoAppliersShareThePartitionsAndTheSurvivorTakesOverAKilledOnesWithoutLossOrRegression() throws Exception {
        String name = "scale_out";
        PipelineFixture f = new PipelineFixture(name, "dlq", 200);
        LedgerWorkload.create(f, INITIAL_ROWS);
        ChildService capture = f.spawnCapture(null);
        ChildService first = f.spawnApplier(null);
        ChildService second = f.spawnApplier(null);
        LedgerWorkload writer = new LedgerWorkload(f, INITIAL_ROWS);
        VersionWatcher watcher = new VersionWatcher(f);
        Thread writerThread = new Thread(writer, name + "-writer");
        Thread watcherThread = new Thread(watcher, name + "-watcher");
        String group = ApplierService.applicationId(f.config);
        try (Admin admin = Admin.create(adminProps(f))) {
            writerThread.start();
            watcherThread.start();
            CrashRecoveryIT.awaitStreaming(f, capture, first);

            // Both processes are members of the one application, each with a share of the partitions (3 of them).
            Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() -> {
                List<Set<Integer>> shares = assignment(admin, group);
                return shares.size() == 2 && shares.stream().noneMatch(Set::isEmpty);
            });
            assertThat(assignment(admin, group).stream().mapToInt(Set::size).sum()).as("partitions shared").isEqualTo(3);

            first.kill(); // SIGKILL: no leave-group, no flush; Streams moves its partitions after the session timeout
            CrashRecoveryIT.awaitMoreWrites(writer, 150);
            Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                    .until(() -> assignment(admin, group).equals(List.of(Set.of(0, 1, 2))));
            CrashRecoveryIT.awaitMoreWrites(writer, 300); // written while the survivor applies all partitions
            writer.stop();
            writerThread.join();
            assertThat(writer.failure()).as("writer failure").isNull();

            List<String> diff = f.awaitEqual(LedgerWorkload.TABLE, KEY, Duration.ofSeconds(120), capture, second);
            watcher.stop();
            watcherThread.join();

            assertThat(diff).as("target differs from source after one of two appliers was killed (logs %s, %s, %s)",
                    capture.log, first.log, second.log).isEmpty();
            assertThat(watcher.regressions()).as("rows that went back to an older version").isEmpty();
            assertThat(watcher.polls()).as("the watcher observed the target throughout").isGreaterThan(10);
            assertThat(java.nio.file.Files.readString(second.log)).as("the survivor's log %s", second.log)
                    .doesNotContain(PipelineFixture.PASSWORD);
        } finally {
            writer.stop();
            watcher.stop();
            writerThread.join(TimeUnit.SECONDS.toMillis(10));
            capture.close();
            first.close();
            second.close();
        }
    }

    /** The partitions of each member of the applier's group that holds an assignment, smallest member first. */
    private static List<Set<Integer>> assignment(Admin admin, String group) throws Exception {
        ConsumerGroupDescription d = admin.describeConsumerGroups(List.of(group)).all().get(10, TimeUnit.SECONDS).get(group);
        return d.members().stream()
                .map(MemberDescription::assignment)
                .map(a -> a.topicPartitions().stream().map(tp -> tp.partition()).collect(Collectors.toCollection(TreeSet::new)))
                .map(s -> (Set<Integer>) s)
                .sorted(java.util.Comparator.comparing(Set::toString))
                .toList();
    }

    private static Properties adminProps(PipelineFixture f) {
        Properties p = new Properties();
        p.setProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, f.sandbox.kafka().bootstrapServers());
        return p;
    }
}
