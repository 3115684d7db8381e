package io.ferry.capture;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.HashMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/** Creates Ferry's topics when they are missing; existing topics are left as they are. */
public final class KafkaTopics {

    /** The topic setting that bounds a record batch's size (the broker's {@code message.max.bytes} is its default). */
    public static final String MAX_MESSAGE_BYTES = "max.message.bytes";

    private KafkaTopics() {
    }

    /**
     * Creates the missing topics among {@code names} with the given partitions and settings. Partition
     * counts must not change during a migration: a row's partition is a hash of its key modulo the count.
     *
     * @return those of {@code names} that existed already (and keep their settings)
     */
    public static List<String> ensure(Admin admin, Collection<String> names, int partitions, short replicationFactor, Map<String, String> configs) {
        try {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (String n : names) {
                if (!existing.contains(n)) {
                    missing.add(new NewTopic(n, partitions, replicationFactor).configs(configs));
                }
            }
            List<String> had = names.stream().filter(existing::contains).toList();
            if (missing.isEmpty()) {
                return had;
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
            return had;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating Kafka topics", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot list Kafka topics: " + e.getMessage(), e);
        }
    }

    /**
     * Raises {@code max.message.bytes} of existing topics that allow less than {@code limit}: the pipeline's limit
     * applies to topics created before it was raised, too. A larger setting is left alone.
     */
    public static void raiseMaxMessageBytes(Admin admin, Collection<String> names, int limit) {
        if (names.isEmpty()) {
            return;
        }
        try {
            List<ConfigResource> resources = names.stream().map(n -> new ConfigResource(ConfigResource.Type.TOPIC, n)).toList();
            Map<ConfigResource, Config> configs = admin.describeConfigs(resources).all().get(30, TimeUnit.SECONDS);
            Map<ConfigResource, Collection<AlterConfigOp>> raise = new HashMap<>();
            for (var e : configs.entrySet()) {
                ConfigEntry current = e.getValue().get(MAX_MESSAGE_BYTES);
                if (current == null || current.value() == null || Long.parseLong(current.value()) < limit) {
                    raise.put(e.getKey(), List.of(new AlterConfigOp(new ConfigEntry(MAX_MESSAGE_BYTES, Integer.toString(limit)),
                            AlterConfigOp.OpType.SET)));
                }
            }
            if (!raise.isEmpty()) {
                admin.incrementalAlterConfigs(raise).all().get(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while configuring Kafka topics", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot set " + MAX_MESSAGE_BYTES + "=" + limit + " on the change topics "
                    + "(kafka.maxMessageBytes): " + e.getMessage(), e);
        }
    }
}
