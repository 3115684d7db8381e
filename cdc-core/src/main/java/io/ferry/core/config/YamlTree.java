package io.ferry.core.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import com.fasterxml.jackson.dataformat.yaml.snakeyaml.error.MarkedYAMLException;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * A YAML document as a tree of mappings, lists and scalars, with the position of every key and value by key path.
 *
 * <p>Scalars are kept as their source text, whatever YAML 1.1 would make of them: the binder decides by the
 * target type, so {@code password: 0123} stays {@code "0123"} and {@code port: "5432"} still is a port.
 * Read with the streaming parser because a tree read by Jackson forgets where its nodes came from.
 */
final class YamlTree {

    private static final YAMLFactory YAML = YAMLFactory.builder().build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Map<String, Mark> keyMarks = new HashMap<>();
    private final Map<String, Mark> valueMarks = new HashMap<>();
    private final Problems problems;
    private JsonNode root;

    private YamlTree(Problems problems) {
        this.problems = problems;
    }

    /**
     * The tree, or null when the text is not one YAML document (the reason is in {@code problems}).
     *
     * <p>Jackson's {@code MarkedYAMLException} is deprecated but still what its parser throws, and the only way to
     * SnakeYAML's problem text and position without depending on SnakeYAML directly.
     */
    @SuppressWarnings("deprecation")
    static YamlTree read(String yaml, Problems problems) {
        YamlTree tree = new YamlTree(problems);
        try (YAMLParser parser = YAML.createParser(yaml)) {
            JsonToken first = parser.nextToken();
            if (first == null || first == JsonToken.VALUE_NULL || isEmptyScalar(parser)) {
                problems.add(KeyPaths.ROOT, Mark.START, "the file is empty; expected a mapping of keys to values");
                return null;
            }
            tree.root = tree.readValue(parser, KeyPaths.ROOT);
            if (parser.nextToken() != null) {
                problems.add(KeyPaths.ROOT, Mark.of(parser.currentTokenLocation()),
                        "a second YAML document starts here; a config file holds exactly one");
            }
            return tree;
        } catch (MarkedYAMLException e) {
            problems.add(KeyPaths.ROOT, markOf(e), syntaxMessage(e) + referenceHint(yaml, e));
            return null;
        } catch (IOException e) {
            // Not a MarkedYAMLException: keep only the first line, the rest may quote the offending source line.
            Mark mark = e instanceof JacksonException je && je.getLocation() != null
                    ? Mark.of(je.getLocation()) : Mark.START;
            problems.add(KeyPaths.ROOT, mark, "invalid YAML: " + firstLine(e.getMessage()));
            return null;
        }
    }

    JsonNode root() {
        return root;
    }

    /** Whether the file gives a value (possibly null) for this path. */
    boolean isPresent(String path) {
        return valueMarks.containsKey(path);
    }

    /** Where the key of this path is written, or null for list elements and the root. */
    Mark keyMark(String path) {
        return keyMarks.get(path);
    }

    /** Where the value of this path starts, falling back to its key and then the start of the file. */
    Mark valueMark(String path) {
        Mark mark = valueMarks.get(path);
        return mark != null ? mark : mappingMark(path);
    }

    /** Where the mapping at this path is introduced: its key when it has one, otherwise its first token. */
    Mark mappingMark(String path) {
        Mark mark = keyMarks.get(path);
        if (mark == null) {
            mark = valueMarks.get(path);
        }
        return mark != null ? mark : Mark.START;
    }

    private JsonNode readValue(YAMLParser parser, String path) throws IOException {
        Mark mark = Mark.of(parser.currentTokenLocation());
        valueMarks.put(path, mark);
        if (parser.isCurrentAlias()) {
            problems.add(path, mark, "YAML aliases (*" + parser.getText() + ") are not supported; write the value out");
            return NODES.nullNode();
        }
        return switch (parser.currentToken()) {
            case START_OBJECT -> readMapping(parser, path);
            case START_ARRAY -> readList(parser, path);
            case VALUE_NULL -> NODES.nullNode();
            default -> isEmptyScalar(parser) ? NODES.nullNode() : NODES.textNode(parser.getText());
        };
    }

    /**
     * The parser reports some keys without a value (the last of a nested mapping, a bare {@code ---}) as an empty
     * string rather than null; both mean "no value" here, as does {@code ""}.
     */
    private static boolean isEmptyScalar(YAMLParser parser) throws IOException {
        return parser.currentToken() == JsonToken.VALUE_STRING && parser.getText().isEmpty();
    }

    private ObjectNode readMapping(YAMLParser parser, String path) throws IOException {
        ObjectNode mapping = NODES.objectNode();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String key = parser.currentName();
            String childPath = KeyPaths.child(path, key);
            Mark keyMark = Mark.of(parser.currentTokenLocation());
            parser.nextToken();
            if (mapping.has(key)) {
                problems.add(childPath, keyMark, "duplicate key; first given on line " + keyMarks.get(childPath).line());
                parser.skipChildren();
                continue;
            }
            keyMarks.put(childPath, keyMark);
            mapping.set(key, readValue(parser, childPath));
        }
        return mapping;
    }

    private ArrayNode readList(YAMLParser parser, String path) throws IOException {
        ArrayNode list = NODES.arrayNode();
        int index = 0;
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            list.add(readValue(parser, KeyPaths.element(path, index++)));
        }
        return list;
    }

    @SuppressWarnings("deprecation")
    private static Mark markOf(MarkedYAMLException e) {
        if (e.getProblemMark() != null) {
            return new Mark(e.getProblemMark().getLine() + 1, e.getProblemMark().getColumn() + 1);
        }
        return e.getLocation() != null ? Mark.of(e.getLocation()) : Mark.START;
    }

    /**
     * SnakeYAML's own message quotes the offending source line, which may hold a password; its problem and
     * context phrases name only YAML constructs.
     */
    @SuppressWarnings("deprecation")
    private static String syntaxMessage(MarkedYAMLException e) {
        String problem = e.getProblem() != null ? e.getProblem() : "invalid YAML";
        String context = e.getContext();
        if (context != null && e.getContextMark() != null) {
            return "invalid YAML: " + problem + " (" + context + " started on line " + (e.getContextMark().getLine() + 1)
                    + ", column " + (e.getContextMark().getColumn() + 1) + ")";
        }
        return "invalid YAML: " + problem + (context != null ? " (" + context + ")" : "");
    }

    /**
     * A hint where the line of the problem holds an unquoted {@code ${...}} reference inside a flow mapping or list
     * ({@code api: {token: ${env:T}}}), whose braces YAML reads as a mapping: to quote it. The line is looked at, never
     * quoted.
     */
    @SuppressWarnings("deprecation")
    static String referenceHint(String yaml, MarkedYAMLException e) {
        if (e.getProblemMark() == null || e.getContext() == null || !e.getContext().contains("flow")) {
            return "";
        }
        String[] lines = yaml.split("\n", -1);
        int line = e.getProblemMark().getLine();
        if (line < 0 || line >= lines.length || !lines[line].matches(".*[^\"']\\$\\{(env|file):.*")) {
            return "";
        }
        return "; a ${env:...} or ${file:...} reference inside { } or [ ] must be quoted, as in key: \"${env:NAME}\"";
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
