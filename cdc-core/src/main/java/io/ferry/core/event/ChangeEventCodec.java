package io.ferry.core.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one wire format of change events and their keys (compact JSON through Jackson).
 * A key is the JSON object of the primary key columns in key order, so equal keys give equal bytes
 * and Kafka's partitioner sends every change of one row to one partition.
 */
public final class ChangeEventCodec {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();
    private static final ObjectWriter EVENT_WRITER = MAPPER.writerFor(ChangeEvent.class);
    private static final ObjectReader EVENT_READER = MAPPER.readerFor(ChangeEvent.class);
    private static final ObjectWriter POSITION_WRITER = MAPPER.writerFor(SourcePosition.class);
    private static final ObjectReader POSITION_READER = MAPPER.readerFor(SourcePosition.class);
    private static final ObjectReader KEY_READER = MAPPER.readerFor(MAPPER.getTypeFactory()
            .constructMapType(LinkedHashMap.class, String.class, String.class));

    private ChangeEventCodec() {
    }

    public static byte[] encode(ChangeEvent event) {
        try {
            return EVENT_WRITER.writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode change event for " + event.table(), e);
        }
    }

    /** Decodes an event; a malformed one raises {@link EventFormatException} saying what is wrong. */
    public static ChangeEvent decode(byte[] bytes) {
        if (bytes == null) {
            throw new EventFormatException("record has no value (a tombstone?)");
        }
        try {
            return EVENT_READER.readValue(bytes);
        } catch (IOException | IllegalArgumentException e) {
            throw new EventFormatException("not a Ferry change event: " + rootMessage(e), e);
        }
    }

    public static byte[] encodeKey(Map<String, String> key) {
        try {
            return MAPPER.writeValueAsBytes(key);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode key", e);
        }
    }

    public static Map<String, String> decodeKey(byte[] bytes) {
        try {
            return KEY_READER.readValue(bytes);
        } catch (IOException e) {
            throw new EventFormatException("not a Ferry change key: " + rootMessage(e), e);
        }
    }

    /** A source position as JSON, in the same form as inside an event. */
    public static String encodePosition(SourcePosition position) {
        try {
            return POSITION_WRITER.writeValueAsString(position);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode position " + position.describe(), e);
        }
    }

    public static SourcePosition decodePosition(String json) {
        try {
            return POSITION_READER.readValue(json);
        } catch (IOException | IllegalArgumentException e) {
            throw new EventFormatException("not a source position: " + rootMessage(e), e);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage();
        return m == null ? t.getClass().getSimpleName() : m.lines().findFirst().orElse(m);
    }
}
