package io.ferry.validator;

import java.sql.Connection;
import java.sql.SQLException;

/** Whether a PostgreSQL side computes lookup3 as the validator does ({@link io.ferry.validator.sql.Lookup3}). */
@FunctionalInterface
interface Lookup3Probe {

    boolean matches() throws SQLException;

    /** Asks the side once, when first needed, and remembers the answer for the run. */
    static Lookup3Probe of(SidePool side) {
        return new Lookup3Probe() {
            private Boolean answer;

            @Override
            public synchronized boolean matches() throws SQLException {
                if (answer == null) {
                    try (Connection c = side.borrow()) {
                        answer = RangeReader.computesLookup3(c);
                    }
                }
                return answer;
            }
        };
    }
}
