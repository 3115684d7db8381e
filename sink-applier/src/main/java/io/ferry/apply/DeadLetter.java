package io.ferry.apply;

/**
 * A record that could not be applied, with where it came from and why. Its raw key and value go to
 * the dead-letter topic unchanged so nothing is lost.
 */
public record DeadLetter(String topic, int partition, long offset, byte[] key, byte[] value, String table, String reason) {
}
