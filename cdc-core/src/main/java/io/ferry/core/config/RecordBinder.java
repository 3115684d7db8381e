package io.ferry.core.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Walks a {@link YamlTree} against a record type, reporting every mistake to {@link Problems}, and produces a
 * normalised tree (references resolved, scalars typed, enum names canonical) that Jackson then binds without
 * surprises. Jackson alone would stop at the first mistake and know no line numbers.
 *
 * <p>Each record's own rules (its compact constructor, see {@link Checks}) are probed as soon as its components
 * are checked, with failed or missing components passed as null, so that a rule broken in one section is
 * reported alongside a typo in another.
 */
final class RecordBinder {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final ObjectMapper mapper;
    private final YamlTree tree;
    private final References references;
    private final Problems problems;
    private final ConnectorReferences connectorReferences;
    /** The file's text of values that contained references, for messages that must not show the resolved value. */
    private final Map<String, String> referenceTexts = new HashMap<>();

    /** @param connectors what {@code connector:} references in source and target resolve against; null for none */
    RecordBinder(ObjectMapper mapper, YamlTree tree, References references, Problems problems, Connectors connectors) {
        this.mapper = mapper;
        this.tree = tree;
        this.references = references;
        this.problems = problems;
        this.connectorReferences = new ConnectorReferences(connectors, tree, problems);
    }

    /** The checked, normalised tree for {@code type}, or null when it has problems. */
    JsonNode check(Class<? extends Record> type) {
        JsonNode root = tree.root();
        if (!root.isObject()) {
            return wrongType(KeyPaths.ROOT, root, "a mapping of keys to values at the top level");
        }
        return checkRecord(KeyPaths.ROOT, (ObjectNode) root, type);
    }

    private JsonNode checkValue(String path, JsonNode node, Type type) {
        Class<?> raw = ConfigTypes.raw(type);
        if (raw.isRecord()) {
            return node.isObject() ? checkRecord(path, (ObjectNode) node, raw) : wrongType(path, node, ConfigTypes.expectation(type));
        }
        if (raw == List.class) {
            return node.isArray() ? checkList(path, node, ConfigTypes.argument(type, 0)) : wrongType(path, node, ConfigTypes.expectation(type));
        }
        if (raw == Map.class) {
            return node.isObject() ? checkMap(path, node, ConfigTypes.argument(type, 1)) : wrongType(path, node, ConfigTypes.expectation(type));
        }
        if (!node.isTextual()) {
            return wrongType(path, node, ConfigTypes.expectation(type));
        }
        String text = resolve(path, node.textValue());
        if (text == null) {
            return null;
        }
        if (raw == Secret.class) {
            problems.secret(text);
        }
        JsonNode scalar = Scalars.convert(text, raw);
        return scalar != null ? scalar : wrongType(path, node, Scalars.expectation(text, raw));
    }

    private JsonNode checkRecord(String path, ObjectNode node, Class<?> type) {
        Map<String, RecordComponent> components = componentsByKey(type);
        ObjectNode normalised = NODES.objectNode();
        Set<String> failed = new HashSet<>();
        boolean byConnector = ConnectorReferences.refersToConnector(type, node);
        ObjectNode fromConnector = byConnector ? connectorReferences.resolve(path, node, type) : null;
        if (byConnector && fromConnector == null) {
            failed.add(ConnectorReferences.KEY);
        }
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            String key = field.getKey();
            String childPath = KeyPaths.child(path, key);
            RecordComponent component = components.get(key);
            if (byConnector && key.equals(ConnectorReferences.KEY)) {
                continue;
            }
            if (byConnector && component != null && !ConnectorReferences.localKeys(type).contains(key)) {
                problems.add(childPath, tree.keyMark(childPath), "the connector given by '" + ConnectorReferences.KEY
                        + "' sets this; leave it out here, or leave out '" + ConnectorReferences.KEY + "' and give the connection inline");
                failed.add(key);
            } else if (component == null) {
                problems.add(childPath, tree.keyMark(childPath), unknownKeyMessage(key, components.keySet()));
                failed.add(key);
            } else if (problems.hasProblemAt(childPath)) {
                failed.add(key);
            } else if (!field.getValue().isNull()) {
                JsonNode value = checkValue(childPath, field.getValue(), component.getGenericType());
                if (value == null || !checkNotZeroDefault(childPath, component, value)) {
                    failed.add(key);
                } else {
                    normalised.set(key, value);
                }
            }
        }
        components.forEach((key, component) -> {
            if (isRequired(component) && !node.hasNonNull(key) && !failed.contains(key) && !byConnector) {
                String childPath = KeyPaths.child(path, key);
                if (node.has(key)) {
                    problems.add(childPath, tree.keyMark(childPath), "required key has no value");
                } else {
                    problems.add(childPath, tree.mappingMark(path), "required key is missing");
                }
                failed.add(key);
            }
        });
        if (fromConnector != null) {
            normalised.setAll(fromConnector);
        } else if (byConnector) {
            return null;
        }
        boolean rulesHold = new RuleProbe(mapper, tree, problems).holds(path, normalised, type, failed);
        return failed.isEmpty() && rulesHold ? normalised : null;
    }

    private JsonNode checkList(String path, JsonNode node, Type elementType) {
        ArrayNode normalised = NODES.arrayNode();
        boolean ok = true;
        for (int i = 0; i < node.size(); i++) {
            String elementPath = KeyPaths.element(path, i);
            JsonNode element = node.get(i);
            JsonNode value = problems.hasProblemAt(elementPath) ? null
                    : element.isNull() ? wrongType(elementPath, element, ConfigTypes.expectation(elementType))
                    : checkValue(elementPath, element, elementType);
            ok &= value != null;
            normalised.add(value);
        }
        return ok ? normalised : null;
    }

    private JsonNode checkMap(String path, JsonNode node, Type valueType) {
        ObjectNode normalised = NODES.objectNode();
        boolean ok = true;
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            String childPath = KeyPaths.child(path, entry.getKey());
            JsonNode value = problems.hasProblemAt(childPath) ? null
                    : entry.getValue().isNull() ? wrongType(childPath, entry.getValue(), ConfigTypes.expectation(valueType))
                    : checkValue(childPath, entry.getValue(), valueType);
            ok &= value != null;
            normalised.set(entry.getKey(), value);
        }
        return ok ? normalised : null;
    }

    /**
     * Records take 0 in a primitive component to mean "use the default", since a primitive cannot be absent;
     * an explicit 0 in the file would silently become that default, so it is refused where a default exists.
     */
    private boolean checkNotZeroDefault(String path, RecordComponent component, JsonNode value) {
        JsonProperty property = component.getAccessor().getAnnotation(JsonProperty.class);
        boolean zeroMeansDefault = component.getType().isPrimitive() && property != null && !property.defaultValue().isEmpty();
        if (zeroMeansDefault && value.isNumber() && value.asLong() == 0) {
            problems.add(path, tree.valueMark(path),
                    "must not be 0; leave the key out to get the default (" + property.defaultValue() + ")");
            return false;
        }
        return true;
    }

    private String resolve(String path, String text) {
        References.Resolution resolution = references.resolve(text);
        if (!resolution.errors().isEmpty()) {
            resolution.errors().forEach(error -> problems.add(path, tree.valueMark(path), error));
            return null;
        }
        if (resolution.fromReference()) {
            referenceTexts.put(path, text);
            problems.resolvedFromReference(path, resolution.value());
        }
        return resolution.value();
    }

    private JsonNode wrongType(String path, JsonNode node, String expectation) {
        problems.add(path, tree.valueMark(path), "expected " + expectation + ", got " + describe(path, node));
        return null;
    }

    private String describe(String path, JsonNode node) {
        if (referenceTexts.containsKey(path)) {
            return "what " + referenceTexts.get(path) + " holds";
        }
        if (node.isObject()) {
            return "a mapping";
        }
        if (node.isArray()) {
            return "a list";
        }
        if (node.isNull()) {
            return "nothing";
        }
        String text = node.asText();
        return "'" + (text.length() > 60 ? text.substring(0, 57) + "..." : text) + "'";
    }

    private static String unknownKeyMessage(String key, Set<String> known) {
        return KeySuggestions.closest(key, known)
                .map(suggestion -> "unknown key; did you mean '" + suggestion + "'?")
                .orElseGet(() -> "unknown key; expected one of " + String.join(", ", known));
    }

    static Map<String, RecordComponent> componentsByKey(Class<?> type) {
        Map<String, RecordComponent> byKey = new LinkedHashMap<>();
        for (RecordComponent component : type.getRecordComponents()) {
            byKey.put(keyOf(component), component);
        }
        return byKey;
    }

    static String keyOf(RecordComponent component) {
        JsonProperty property = component.getAccessor().getAnnotation(JsonProperty.class);
        return property != null && !property.value().isEmpty() ? property.value() : component.getName();
    }

    static boolean isRequired(RecordComponent component) {
        JsonProperty property = component.getAccessor().getAnnotation(JsonProperty.class);
        return property != null && property.required();
    }
}
