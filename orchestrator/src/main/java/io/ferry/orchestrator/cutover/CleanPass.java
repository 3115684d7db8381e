package io.ferry.orchestrator.cutover;

import io.ferry.validator.ValidationReport;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * The last clean validation and the end offsets of the change topics taken just before it began: every key
 * changed after those offsets is what the final validation must look at again.
 */
public record CleanPass(ValidationReport report, Map<TopicPartition, Long> offsets) {

    public CleanPass {
        if (report.hasDifferences()) {
            throw new IllegalArgumentException("a clean pass has no differences; this one has " + report.differenceCount());
        }
        offsets = Map.copyOf(offsets);
    }
}
