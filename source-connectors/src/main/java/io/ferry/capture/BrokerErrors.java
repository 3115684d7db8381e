package io.ferry.capture;

import io.ferry.core.retry.ErrorClassifier;

/**
 * Capture's error classification against the broker: Kafka's retriable exceptions (a lost or unknown leader, a
 * network error) and timeouts (the broker not answering at all) may pass; anything else (authorization, a record
 * too large, a converter rejecting a value) may not. The first decisive error along the cause chain wins.
 */
final class BrokerErrors implements ErrorClassifier {

    @Override
    public boolean isRetriable(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof org.apache.kafka.common.errors.RetriableException
                    || t instanceof java.util.concurrent.TimeoutException) {
                return true;
            }
            if (t instanceof org.apache.kafka.common.KafkaException || t instanceof UnsupportedValueException) {
                return false;
            }
        }
        return false;
    }
}
