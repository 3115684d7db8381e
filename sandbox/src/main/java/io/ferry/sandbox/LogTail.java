package io.ferry.sandbox;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The last lines of a server's log, for error messages that explain a failed start. */
final class LogTail {

  static final int LINES = 30;

  private LogTail() {}

  static String of(Path file) {
    return lastLines(since(file, 0), LINES);
  }

  /**
   * "message", then the log's error lines (a server's cause is often far above its last lines), then the last lines
   * of {@code file}: ready for an exception.
   */
  static String explain(String message, Path file) {
    String errors = errors(file);
    return message + System.lineSeparator()
        + (errors.isEmpty() ? "" : "Error lines of " + file + ":" + System.lineSeparator() + errors + System.lineSeparator())
        + "Last lines of " + file + ":" + System.lineSeparator() + of(file);
  }

  /** The first lines of {@code file} that report an error ({@code [ERROR]}, {@code ERROR:}, {@code FATAL:}); may be empty. */
  static String errors(Path file) {
    return String.join(System.lineSeparator(), since(file, 0).lines()
        .filter(l -> l.contains("[ERROR]") || l.contains("ERROR:") || l.contains("FATAL:"))
        .limit(10)
        .toList());
  }

  /** Current length of the log, to read later only what one attempt wrote. */
  static long position(Path file) {
    try {
      return Files.isRegularFile(file) ? Files.size(file) : 0;
    } catch (IOException e) {
      return 0;
    }
  }

  /** What the log gained after {@code offset}; logs are small, so it is read whole. */
  static String since(Path file, long offset) {
    if (!Files.isRegularFile(file)) {
      return "(no log at " + file + ")";
    }
    try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
      long start = Math.min(offset, in.length());
      byte[] bytes = new byte[(int) Math.min(in.length() - start, Integer.MAX_VALUE - 8)];
      in.seek(start);
      in.readFully(bytes);
      // Malformed bytes in the server's locale must not hide the error, hence no strict decoding.
      return new String(bytes, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(could not read " + file + ": " + e.getMessage() + ")";
    }
  }

  private static String lastLines(String text, int count) {
    List<String> lines = text.lines().toList();
    return String.join(
        System.lineSeparator(), lines.subList(Math.max(0, lines.size() - count), lines.size()));
  }
}
