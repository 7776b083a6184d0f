package dev.clicksim.stack.embedded;

import dev.clicksim.failure.ClicksimFailure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The embedded stack's directories, readable by their owner only (0700). Kafka, Connect and
 * PostgreSQL write their files with modes of their own (Kafka's log segments 0644, among them the
 * Connect config topic's); a closed directory keeps all of them from other users whatever those
 * modes are.
 */
final class OwnerOnlyDirectories {

  static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");

  private OwnerOnlyDirectories() {}

  /** Creates each directory 0700, or tightens it to 0700 when it exists already. */
  static void ensure(Path... dirs) {
    for (Path dir : dirs) {
      try {
        // Created closed, so there is no moment in which another user could open it.
        Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        Files.setPosixFilePermissions(dir, OWNER_ONLY);
      } catch (IOException e) {
        throw new ClicksimFailure(
            ClicksimFailure.Kind.INFRASTRUCTURE,
            "cannot make " + dir + " readable by its owner only: " + e.getMessage(),
            e);
      }
    }
  }
}
