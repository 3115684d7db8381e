package io.ferry.capture;

/** Capture cannot go on; the message says why. Offsets of undelivered records were not committed. */
public class CaptureFailedException extends RuntimeException {
    public CaptureFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
