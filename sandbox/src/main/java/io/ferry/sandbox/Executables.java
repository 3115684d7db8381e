package io.ferry.sandbox;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Finds programs by name in an ordered list of directories. */
final class Executables {

  private Executables() {}

  /** The first of {@code names} found executable in the first directory that has one. */
  static Optional<Path> find(List<Path> dirs, String... names) {
    for (Path dir : dirs) {
      for (String name : names) {
        Path candidate = dir.resolve(name);
        if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
          return Optional.of(candidate);
        }
      }
    }
    return Optional.empty();
  }

  /** The directories of the PATH environment variable, in order. */
  static List<Path> pathDirs() {
    String path = System.getenv("PATH");
    List<Path> dirs = new ArrayList<>();
    if (path != null) {
      for (String entry : path.split(File.pathSeparator)) {
        if (!entry.isBlank()) {
          dirs.add(Path.of(entry));
        }
      }
    }
    return dirs;
  }
}
