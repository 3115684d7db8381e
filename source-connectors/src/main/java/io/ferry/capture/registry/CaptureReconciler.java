package io.ferry.capture.registry;

import io.ferry.core.config.ConfigProblem;
import io.ferry.core.config.PipelineConfig;
import io.ferry.core.config.PipelineRegistry;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Decides, from the pipeline folder as read now and the engines as they run, what to start, restart and stop.
 * Pure: no I/O, no clock; {@link CaptureRegistry} carries the actions out. Pipelines are known by their file.
 *
 * <ul>
 * <li>a valid file with no engine: start it; with an engine on another config (the file or a connector it uses
 *     changed): restart it; on the same config: nothing, unless its engine failed and its next attempt is due
 *     (the registry backs off between attempts), or its file changes;
 * <li>a broken file: reported; an engine that runs for it keeps running on its last good config;
 * <li>a file gone: its engine stops;
 * <li>two files with one pipeline name (they would share topics and offsets): the one running keeps it, else
 *     the first in file order; the other is reported at its {@code name} key.
 * </ul>
 */
public final class CaptureReconciler {

    /**
     * What an engine of the registry runs, as the reconciler needs to know it.
     *
     * @param retryDue the engine failed and its next attempt on the same config is due
     */
    public record Running(PipelineConfig config, boolean failed, boolean retryDue) {
        public Running {
            Objects.requireNonNull(config, "config");
        }

        public Running(PipelineConfig config, boolean failed) {
            this(config, failed, false);
        }
    }

    /** One thing to do for the pipeline of one file. */
    public sealed interface Action {
        String file();
    }

    public record Start(String file, PipelineConfig config) implements Action {
    }

    /** Stop the running engine, then start one on the new config. {@code changed}: the sections that differ. */
    public record Restart(String file, PipelineConfig config, List<String> changed) implements Action {
    }

    public record Stop(String file, String pipeline) implements Action {
    }

    /** Start a failed engine again on the same config: its next attempt is due. */
    public record Retry(String file, PipelineConfig config) implements Action {
    }

    /** The file is broken and its engine keeps running on its last good config. */
    public record KeepLastGood(String file, String pipeline, List<ConfigProblem> problems) implements Action {
    }

    /** The file is broken (or cannot be used) and nothing runs for it. */
    public record Report(String file, List<ConfigProblem> problems) implements Action {
    }

    private CaptureReconciler() {
    }

    /**
     * @param desired the pipeline folder's entries, in file order
     * @param running the engines by file name
     * @return the actions, stops first (a renamed file's engine then frees its name before its successor starts)
     */
    public static List<Action> plan(List<PipelineRegistry.Entry> desired, Map<String, Running> running) {
        Map<String, PipelineRegistry.Entry> byFile = new TreeMap<>();
        desired.forEach(e -> byFile.put(e.fileName(), e));
        List<Action> stops = new ArrayList<>();
        List<Action> others = new ArrayList<>();
        for (Map.Entry<String, Running> r : new TreeMap<>(running).entrySet()) {
            if (!byFile.containsKey(r.getKey())) {
                stops.add(new Stop(r.getKey(), r.getValue().config().name()));
            }
        }
        Map<String, String> nameOwners = nameOwners(byFile, running);
        for (PipelineRegistry.Entry entry : byFile.values()) {
            String file = entry.fileName();
            Running now = running.get(file);
            List<ConfigProblem> problems = entry.problems();
            if (entry.valid() && !file.equals(nameOwners.get(entry.config().name()))) {
                problems = List.of(entry.nameProblem("pipeline '" + entry.config().name() + "' is already defined in "
                        + nameOwners.get(entry.config().name()) + "; pipeline names must be unique (they name topics and offsets)"));
            }
            if (!problems.isEmpty()) {
                if (now != null && !now.failed()) {
                    others.add(new KeepLastGood(file, now.config().name(), problems));
                } else {
                    others.add(new Report(file, problems));
                }
            } else if (now == null) {
                others.add(new Start(file, entry.config()));
            } else if (!now.config().equals(entry.config())) {
                if (now.failed()) {
                    others.add(new Start(file, entry.config()));
                } else {
                    others.add(new Restart(file, entry.config(), changedSections(now.config(), entry.config())));
                }
            } else if (now.failed() && now.retryDue()) {
                others.add(new Retry(file, entry.config()));
            }
        }
        List<Action> plan = new ArrayList<>(stops);
        plan.addAll(others);
        return plan;
    }

    /**
     * Which file owns each pipeline name: first the running engines that keep their name (their file is broken
     * and they run on, or it still names the same pipeline), then the other valid files in file order.
     */
    private static Map<String, String> nameOwners(Map<String, PipelineRegistry.Entry> byFile, Map<String, Running> running) {
        Map<String, String> owners = new HashMap<>();
        for (Map.Entry<String, Running> r : new TreeMap<>(running).entrySet()) {
            PipelineRegistry.Entry entry = byFile.get(r.getKey());
            if (entry == null || r.getValue().failed()) {
                continue;
            }
            String name = entry.valid() ? entry.config().name() : r.getValue().config().name();
            owners.putIfAbsent(name, r.getKey());
        }
        for (PipelineRegistry.Entry entry : byFile.values()) {
            if (entry.valid()) {
                owners.putIfAbsent(entry.config().name(), entry.fileName());
            }
        }
        return owners;
    }

    /** The top-level sections ({@code source}, {@code tables}, ...) in which two configs differ, for the log. */
    static List<String> changedSections(PipelineConfig before, PipelineConfig after) {
        Set<String> changed = new TreeSet<>();
        for (RecordComponent c : PipelineConfig.class.getRecordComponents()) {
            try {
                if (!Objects.equals(c.getAccessor().invoke(before), c.getAccessor().invoke(after))) {
                    changed.add(c.getName());
                }
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read " + c.getName() + " of a pipeline config", e);
            }
        }
        return List.copyOf(changed);
    }
}
