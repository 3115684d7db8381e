package io.ferry.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Where initdb, pg_ctl and postgres live; all three from the same directory, so one version. */
record PostgresBinaries(Path initdb, Path pgCtl, Path postgres) {

  static final String ENV = "FERRY_PG_BIN";
  static final Path VERSIONS_ROOT = Path.of("/usr/lib/postgresql");

  /** From {@value #ENV} if set, else the highest version under /usr/lib/postgresql. */
  static PostgresBinaries locate() {
    return locate(System.getenv(ENV), VERSIONS_ROOT);
  }

  static PostgresBinaries locate(String envDir, Path versionsRoot) {
    List<Path> candidates =
        envDir != null && !envDir.isBlank() ? List.of(Path.of(envDir)) : versionBinDirs(versionsRoot);
    String lookedIn =
        (envDir != null && !envDir.isBlank() ? ENV + "=" + envDir : versionsRoot + "/*/bin, " + ENV);
    return find(candidates, lookedIn);
  }

  /** The first candidate directory holding all three programs. */
  static PostgresBinaries find(List<Path> candidateDirs, String lookedIn) {
    for (Path dir : candidateDirs) {
      Optional<Path> initdb = Executables.find(List.of(dir), "initdb");
      Optional<Path> pgCtl = Executables.find(List.of(dir), "pg_ctl");
      Optional<Path> postgres = Executables.find(List.of(dir), "postgres");
      if (initdb.isPresent() && pgCtl.isPresent() && postgres.isPresent()) {
        return new PostgresBinaries(initdb.get(), pgCtl.get(), postgres.get());
      }
    }
    String checked =
        candidateDirs.isEmpty()
            ? ""
            : " Checked: " + candidateDirs.stream().map(Path::toString).collect(Collectors.joining(", ")) + ".";
    throw new SandboxException(
        "PostgreSQL server binaries (initdb, pg_ctl, postgres) not found (looked in "
            + lookedIn
            + ")."
            + checked
            + " Install them: apt-get install postgresql, or set "
            + ENV
            + " to the directory that holds them.");
  }

  /** root/VERSION/bin, highest version first (16 before 15 before 9.6). */
  static List<Path> versionBinDirs(Path versionsRoot) {
    if (!Files.isDirectory(versionsRoot)) {
      return List.of();
    }
    try (Stream<Path> versions = Files.list(versionsRoot)) {
      List<Path> dirs = new ArrayList<>();
      versions
          .filter(v -> v.getFileName().toString().matches("\\d+(\\.\\d+)*"))
          .sorted(Comparator.comparing(PostgresBinaries::versionKey).reversed())
          .forEach(v -> dirs.add(v.resolve("bin")));
      return dirs;
    } catch (IOException e) {
      return List.of();
    }
  }

  private static VersionKey versionKey(Path versionDir) {
    return VersionKey.parse(versionDir.getFileName().toString());
  }

  /** Numeric dotted version, compared part by part. */
  private record VersionKey(int[] parts) implements Comparable<VersionKey> {
    static VersionKey parse(String text) {
      return new VersionKey(Stream.of(text.split("\\.")).mapToInt(Integer::parseInt).toArray());
    }

    @Override
    public int compareTo(VersionKey other) {
      return java.util.Arrays.compare(parts, other.parts);
    }
  }
}
