package io.ferry.capture.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FolderFingerprintTest {

    @TempDir
    Path dir;

    @Test
    void changesWhenAFileIsAddedChangedOrRemovedAndOnlyThen() throws Exception {
        Path pipelines = Files.createDirectories(dir.resolve("pipelines"));
        Path connectors = dir.resolve("connectors"); // not there yet: still a fingerprint
        List<Path> folders = List.of(pipelines, connectors);
        String empty = FolderFingerprint.of(folders);

        Files.writeString(pipelines.resolve("a.yaml"), "name: a\n");
        String added = FolderFingerprint.of(folders);
        assertThat(added).isNotEqualTo(empty).isEqualTo(FolderFingerprint.of(folders));

        Files.writeString(pipelines.resolve("a.yaml"), "name: b\n");
        String changed = FolderFingerprint.of(folders);
        assertThat(changed).isNotEqualTo(added);

        Files.createDirectories(connectors);
        Files.writeString(connectors.resolve("db.yaml"), "kind: mysql\n");
        assertThat(FolderFingerprint.of(folders)).isNotEqualTo(changed);

        Files.delete(connectors.resolve("db.yaml"));
        Files.delete(connectors);
        Files.delete(pipelines.resolve("a.yaml"));
        assertThat(FolderFingerprint.of(folders)).isEqualTo(empty);
    }

    @Test
    void aFileMovedToTheOtherFolderIsAChange() throws Exception {
        Path a = Files.createDirectories(dir.resolve("a"));
        Path b = Files.createDirectories(dir.resolve("b"));
        Files.writeString(a.resolve("x.yaml"), "k: v\n");
        String before = FolderFingerprint.of(List.of(a, b));
        Files.move(a.resolve("x.yaml"), b.resolve("x.yaml"));
        assertThat(FolderFingerprint.of(List.of(a, b))).isNotEqualTo(before);
    }
}
