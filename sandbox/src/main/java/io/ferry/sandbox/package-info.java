/**
 * Local sandbox for integration tests and {@code ferry demo}: an in-process KRaft Kafka broker and
 * private PostgreSQL and MariaDB servers started from the binaries installed on this machine.
 *
 * <p>Owns only throwaway servers on free loopback ports in its own temporary directory; it never
 * touches servers it did not start, and depends on no other Ferry module at runtime.
 */
package io.ferry.sandbox;
