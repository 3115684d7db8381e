/**
 * The coordinator's admin HTTP API (JDK {@code com.sun.net.httpserver}): status, routing, cutover, abort, complete,
 * with a bearer token on every mutating call. Holds no migration logic; it calls the {@code Coordinator}.
 */
package io.ferry.orchestrator.api;
