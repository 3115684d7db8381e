package io.ferry.sandbox;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** Where mariadbd and mariadb-install-db live (or their older mysqld names). */
record MariaDbBinaries(Path server, Path installDb) {

  static final String ENV = "FERRY_MARIADB_BIN";
  static final List<Path> SYSTEM_DIRS = List.of(Path.of("/usr/sbin"), Path.of("/usr/bin"));

  /** From {@value #ENV} if set, else /usr/sbin, /usr/bin and the PATH. */
  static MariaDbBinaries locate() {
    String envDir = System.getenv(ENV);
    if (envDir != null && !envDir.isBlank()) {
      Path dir = Path.of(envDir);
      // Release tarballs keep mariadb-install-db in scripts/ beside bin/.
      List<Path> dirs = new ArrayList<>(List.of(dir));
      if (dir.getParent() != null) {
        dirs.add(dir.getParent().resolve("scripts"));
      }
      return find(dirs, ENV + "=" + envDir);
    }
    List<Path> dirs = new ArrayList<>(SYSTEM_DIRS);
    dirs.addAll(Executables.pathDirs());
    return find(dirs, "/usr/sbin, /usr/bin, PATH, " + ENV);
  }

  static MariaDbBinaries find(List<Path> candidateDirs, String lookedIn) {
    Optional<Path> server = Executables.find(candidateDirs, "mariadbd", "mysqld");
    Optional<Path> installDb = Executables.find(candidateDirs, "mariadb-install-db", "mysql_install_db");
    if (server.isPresent() && installDb.isPresent()) {
      return new MariaDbBinaries(server.get(), installDb.get());
    }
    List<String> missing = new ArrayList<>();
    server.ifPresentOrElse(s -> {}, () -> missing.add("mariadbd (or mysqld)"));
    installDb.ifPresentOrElse(s -> {}, () -> missing.add("mariadb-install-db (or mysql_install_db)"));
    throw new SandboxException(
        "MariaDB server binaries not found: no "
            + String.join(" and no ", missing)
            + " (looked in "
            + lookedIn
            + "). Checked: "
            + candidateDirs.stream().map(Path::toString).collect(Collectors.joining(", "))
            + ". Install them: apt-get install mariadb-server, or set "
            + ENV
            + " to the directory that holds them.");
  }

  /** The installation root mariadb-install-db needs to find the server and its share files. */
  Path baseDir() {
    Path parent = server.toAbsolutePath().getParent().getParent();
    return parent != null ? parent : server.getParent();
  }
}
