package io.ferry.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerBinariesTest {

  @TempDir Path root;

  @Test
  void missingPostgresNamesWhereItLookedAndWhatToInstall() {
    assertThatThrownBy(() -> PostgresBinaries.locate(null, root.resolve("postgresql")))
        .isInstanceOf(SandboxException.class)
        .hasMessageContaining("PostgreSQL server binaries")
        .hasMessageContaining(root.resolve("postgresql") + "/*/bin")
        .hasMessageContaining("FERRY_PG_BIN")
        .hasMessageContaining("apt-get install postgresql");
  }

  @Test
  void postgresDirectoryFromEnvironmentWithoutBinariesIsReported() {
    assertThatThrownBy(() -> PostgresBinaries.locate(root.toString(), root))
        .isInstanceOf(SandboxException.class)
        .hasMessageContaining("FERRY_PG_BIN=" + root);
  }

  @Test
  void postgresPrefersTheHighestInstalledVersion() throws IOException {
    for (String version : List.of("9.6", "15", "16")) {
      fakePrograms(root.resolve(version).resolve("bin"), "initdb", "pg_ctl", "postgres");
    }

    PostgresBinaries binaries = PostgresBinaries.locate(null, root);

    assertThat(binaries.initdb()).isEqualTo(root.resolve("16/bin/initdb"));
    assertThat(binaries.pgCtl()).isEqualTo(root.resolve("16/bin/pg_ctl"));
  }

  @Test
  void postgresSkipsAVersionWithoutTheServer() throws IOException {
    fakePrograms(root.resolve("16/bin"), "psql", "pg_ctl");
    fakePrograms(root.resolve("15/bin"), "initdb", "pg_ctl", "postgres");

    assertThat(PostgresBinaries.locate(null, root).postgres()).isEqualTo(root.resolve("15/bin/postgres"));
  }

  @Test
  void missingMariaDbNamesWhatIsMissingWhereItLookedAndWhatToInstall() {
    Path empty = root.resolve("empty");

    assertThatThrownBy(() -> MariaDbBinaries.find(List.of(empty), "somewhere"))
        .isInstanceOf(SandboxException.class)
        .hasMessageContaining("no mariadbd (or mysqld) and no mariadb-install-db (or mysql_install_db)")
        .hasMessageContaining("somewhere")
        .hasMessageContaining(empty.toString())
        .hasMessageContaining("apt-get install mariadb-server")
        .hasMessageContaining("FERRY_MARIADB_BIN");
  }

  @Test
  void mariaDbAcceptsTheOlderMysqlNamesAcrossDirectories() throws IOException {
    fakePrograms(root.resolve("sbin"), "mysqld");
    fakePrograms(root.resolve("bin"), "mysql_install_db");

    MariaDbBinaries binaries = MariaDbBinaries.find(List.of(root.resolve("sbin"), root.resolve("bin")), "test");

    assertThat(binaries.server()).isEqualTo(root.resolve("sbin/mysqld"));
    assertThat(binaries.installDb()).isEqualTo(root.resolve("bin/mysql_install_db"));
    assertThat(binaries.baseDir()).isEqualTo(root);
  }

  private static void fakePrograms(Path dir, String... names) throws IOException {
    Files.createDirectories(dir);
    for (String name : names) {
      Files.createFile(dir.resolve(name), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
    }
  }
}
