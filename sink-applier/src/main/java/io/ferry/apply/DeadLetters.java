package io.ferry.apply;

import java.util.List;

/** Where records that cannot be applied go. {@link #publish} returns only once they are durably stored. */
public interface DeadLetters {
    void publish(List<DeadLetter> letters);
}
