package io.ferry.core.config;

/** Spells key paths the way problems show them: {@code source.port}, {@code tables.include[1]}. */
final class KeyPaths {

    static final String ROOT = "";

    private KeyPaths() {
    }

    static String child(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    static String element(String path, int index) {
        return path + "[" + index + "]";
    }
}
