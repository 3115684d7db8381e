package io.ferry.capture;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/** Creates Ferry's topics when they are missing; existing topics are left as they are. */
public final class KafkaTopics {

    private KafkaTopics() {
    }

    /**
     * Creates the missing topics among {@code names} with the given partitions and settings. Partition
     * counts must not change during a migration: a row's partition is a hash of its key modulo the count.
     */
    public static void ensure(Admin admin, Collection<String> names, int partitions, short replicationFactor, Map<String, String> configs) {
        try {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (String n : names) {
                if (!existing.contains(n)) {
                    missing.add(new NewTopic(n, partitions, replicationFactor).configs(configs));
                }
            }
            if (missing.isEmpty()) {
                return;
            }
            for (var entry : admin.createTopics(missing).values().entrySet()) {
                try {
                    entry.getValue().get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create Kafka topic " + entry.getKey() + ": " + e.getCause().getMessage(), e.getCause());
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating Kafka topics", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot list Kafka topics: " + e.getMessage(), e);
        }
    }
}
