package io.ferry.capture.registry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * A digest of the names and contents of the files in some folders: when it is unchanged, nothing in them was
 * added, changed or removed, and the registry need not read them again. Contents rather than modification times,
 * which a copy or a ConfigMap update may keep or coarsen.
 */
final class FolderFingerprint {

    private FolderFingerprint() {
    }

    static String of(List<Path> folders) {
        MessageDigest digest = sha256();
        for (Path folder : folders) {
            digest.update(("\0folder " + folder + "\0").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            if (!Files.isDirectory(folder)) {
                digest.update((byte) 0);
                continue;
            }
            List<Path> files;
            try (Stream<Path> list = Files.list(folder)) {
                files = list.filter(Files::isRegularFile).sorted().toList();
            } catch (IOException e) {
                digest.update(("unreadable " + e.getMessage()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
                continue;
            }
            for (Path f : files) {
                digest.update(("\0file " + f.getFileName() + "\0").getBytes(java.nio.charset.StandardCharsets.UTF_8));
                try {
                    digest.update(Files.readAllBytes(f));
                } catch (IOException e) {
                    // Removed between the listing and the read, or unreadable: the next scan says which.
                    digest.update((byte) 1);
                }
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
