package io.ferry.validator.service;

import io.ferry.validator.Progress;
import io.ferry.validator.ValidationReport;
import java.util.function.Consumer;

/** Runs one validation for the service: where the tables and connections come from is the caller's. */
@FunctionalInterface
public interface ValidationJob {

    /**
     * @param started receives the run's progress as soon as the run has one
     */
    ValidationReport run(RunRequest request, Consumer<Progress> started) throws Exception;
}
