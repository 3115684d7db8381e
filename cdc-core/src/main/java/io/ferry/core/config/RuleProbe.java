package io.ferry.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Set;

/**
 * Runs a record's canonical (compact) constructor on the components that passed their checks, to collect the
 * rules it states (see {@link Checks}) and locate each at its key. Components that failed or are missing are
 * passed as null or 0, and violations about them are left out: they are consequences of a problem already
 * reported.
 */
record RuleProbe(ObjectMapper mapper, YamlTree tree, Problems problems) {

    /** Whether the record accepts these values; if not, the reasons are in {@code problems}. */
    boolean holds(String path, ObjectNode normalised, Class<?> type, Set<String> failed) {
        RecordComponent[] components = type.getRecordComponents();
        Object[] args = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            JsonNode value = normalised.get(RecordBinder.keyOf(components[i]));
            args[i] = value == null ? ConfigTypes.absent(components[i].getType())
                    : mapper.convertValue(value, mapper.constructType(components[i].getGenericType()));
        }
        try {
            constructor(type, components).newInstance(args);
            return true;
        } catch (InvocationTargetException e) {
            report(path, e.getCause(), failed);
            return false;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot construct " + type.getName(), e);
        }
    }

    private void report(String path, Throwable cause, Set<String> failed) {
        if (cause instanceof InvalidValuesException invalid) {
            for (InvalidValuesException.Violation violation : invalid.violations()) {
                String key = KeyPaths.child(path, violation.key());
                if (!failed.contains(componentOf(violation.key())) && !problems.hasProblemAt(key)) {
                    problems.addQuotingValue(key, tree.isPresent(key) ? tree.valueMark(key) : tree.mappingMark(path), violation.message());
                }
            }
        } else if (failed.isEmpty()) {
            // A record stating a rule without Checks (or failing on a bug) still gives a located problem, not a crash.
            problems.addQuotingValue(path, tree.mappingMark(path), "invalid: " + cause.getMessage());
        }
    }

    /** {@code include[2]} is about the component {@code include}. */
    private static String componentOf(String key) {
        int bracket = key.indexOf('[');
        return bracket < 0 ? key : key.substring(0, bracket);
    }

    private static Constructor<?> constructor(Class<?> type, RecordComponent[] components) throws NoSuchMethodException {
        Constructor<?> constructor = type.getDeclaredConstructor(
                Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new));
        constructor.setAccessible(true);
        return constructor;
    }
}
