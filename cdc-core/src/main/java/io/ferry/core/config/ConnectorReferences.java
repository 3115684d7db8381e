package io.ferry.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The one place where a pipeline's {@code source} or {@code target} section that names a connector
 * ({@code source: {connector: shop-mysql, serverId: 5401}}) gets the connection from the {@link Connectors}: the
 * connector gives kind, host, port, database, user, password, TLS and (to a source) its Debezium properties; the section may add only what belongs to
 * the pipeline rather than the connection ({@link #localKeys}). Wrong references are reported at the
 * {@code connector} key: an unknown name (with the closest known one), a broken connector file (with its own
 * file, line and key), a connector of a kind the section cannot take.
 */
final class ConnectorReferences {

    static final String KEY = "connector";

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** What a section may add to a connector: it belongs to the pipeline, not to the connection. */
    private static final Map<Class<?>, Set<String>> LOCAL_KEYS = Map.of(
            SourceConfig.class, Set.of("serverId", "schema"),
            TargetConfig.class, Set.of("schema"));

    private final Connectors connectors;
    private final YamlTree tree;
    private final Problems problems;

    ConnectorReferences(Connectors connectors, YamlTree tree, Problems problems) {
        this.connectors = connectors;
        this.tree = tree;
        this.problems = problems;
    }

    /** Whether this section names a connector instead of giving the connection inline. */
    static boolean refersToConnector(Class<?> type, ObjectNode node) {
        return LOCAL_KEYS.containsKey(type) && node.has(KEY);
    }

    static Set<String> localKeys(Class<?> type) {
        return LOCAL_KEYS.getOrDefault(type, Set.of());
    }

    /** The connection's keys as a checked, normalised section, or null when the reference is wrong (reported). */
    ObjectNode resolve(String path, ObjectNode node, Class<?> type) {
        String keyPath = KeyPaths.child(path, KEY);
        JsonNode value = node.get(KEY);
        if (value == null || !value.isTextual() || value.textValue().isBlank()) {
            problems.add(keyPath, tree.valueMark(keyPath), "expected the name of a connector (a file of the connector registry)");
            return null;
        }
        String name = value.textValue().trim();
        if (connectors == null) {
            problems.add(keyPath, tree.valueMark(keyPath), "connector references are not available here; write the connection inline");
            return null;
        }
        if (connectors.unreadable() != null) {
            problems.add(keyPath, tree.valueMark(keyPath), "connector '" + name + "' cannot be looked up: " + connectors.unreadable());
            return null;
        }
        Optional<ConnectorRegistry.Entry> found = connectors.find(name);
        if (found.isEmpty()) {
            problems.add(keyPath, tree.valueMark(keyPath), unknown(name));
            return null;
        }
        ConnectorRegistry.Entry entry = found.get();
        if (!entry.valid()) {
            problems.add(keyPath, tree.valueMark(keyPath), "connector '" + name + "' is broken: "
                    + entry.problem().replace("\n", "; "));
            return null;
        }
        ConnectorConfig c = entry.config();
        String kind = kindFor(type, c.kind());
        if (kind == null) {
            problems.add(keyPath, tree.valueMark(keyPath), "connector '" + name + "' is a " + c.kind().name().toLowerCase(java.util.Locale.ROOT)
                    + " connection; a target must be postgresql");
            return null;
        }
        problems.secret(c.password().reveal());
        ObjectNode section = NODES.objectNode();
        section.put("kind", kind);
        section.put("host", c.host());
        section.put("port", c.port());
        section.put("database", c.database());
        section.put("user", c.user());
        section.put("password", c.password().reveal());
        if (type == SourceConfig.class && !c.debezium().isEmpty()) {
            ObjectNode debezium = section.putObject("debezium");
            c.debezium().forEach((k, v) -> {
                problems.secret(v.reveal());
                debezium.put(k, v.reveal());
            });
        }
        ObjectNode tls = section.putObject("tls");
        tls.put("mode", c.tls().mode());
        if (c.tls().caFile() != null) {
            tls.put("caFile", c.tls().caFile());
        }
        return section;
    }

    private String unknown(String name) {
        String where = " in the connector registry " + connectors.dir();
        return KeySuggestions.closest(name, connectors.names())
                .map(s -> "unknown connector '" + name + "'; did you mean '" + s + "'? (no file " + name + ".yaml" + where + ")")
                .orElseGet(() -> "unknown connector '" + name + "' (no file " + name + ".yaml" + where
                        + (connectors.names().isEmpty() ? ", which has no connectors)" : "; it has " + String.join(", ", connectors.names()) + ")"));
    }

    private static String kindFor(Class<?> type, SourceKind kind) {
        if (type == TargetConfig.class) {
            return kind.asTarget().map(TargetKind::name).orElse(null);
        }
        return kind.name();
    }
}
