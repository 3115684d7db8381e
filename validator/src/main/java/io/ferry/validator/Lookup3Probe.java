package io.ferry.validator;

import java.sql.Connection;
import java.sql.SQLException;

/** Whether the target computes lookup3 as the validator does ({@link io.ferry.validator.sql.Lookup3}): asked once per run, when first needed. */
final class Lookup3Probe {

    private final SidePool target;
    private Boolean answer;

    Lookup3Probe(SidePool target) {
        this.target = target;
    }

    synchronized boolean matches() throws SQLException {
        if (answer == null) {
            try (Connection c = target.borrow()) {
                answer = RangeReader.computesLookup3(c);
            }
        }
        return answer;
    }
}
