/**
 * Waiting out outages: {@link io.ferry.core.retry.RetryPolicy} decides, for an error a service met while talking
 * to a server, whether to try again and after how long, and reports the start and end of an outage.
 *
 * <p>Pure logic: the clock and the sleep are injected, so the policy is tested without real waiting. It must not
 * know about JDBC, Kafka or Debezium: each adapter supplies its own {@link io.ferry.core.retry.ErrorClassifier}.
 */
package io.ferry.core.retry;
