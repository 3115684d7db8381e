package io.ferry.core.config;

import com.fasterxml.jackson.core.JsonLocation;

/** A 1-based position in a YAML file. */
record Mark(int line, int column) {

    static final Mark START = new Mark(1, 1);

    static Mark of(JsonLocation location) {
        return new Mark(Math.max(1, location.getLineNr()), Math.max(1, location.getColumnNr()));
    }
}
