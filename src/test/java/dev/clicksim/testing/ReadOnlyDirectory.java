package dev.clicksim.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A directory in which no file can be created until closed: mode r-x, and for root, whom modes do
 * not stop, the immutable attribute too ({@code chattr +i}, which stops root on ext4 and most local
 * file systems). Files already open in it can still be written, as in a directory a user made
 * read-only mid-run. A test where neither works is skipped, not passed.
 */
public final class ReadOnlyDirectory implements AutoCloseable {

  private final Path dir;
  private final Set<PosixFilePermission> before;
  private final boolean immutable;

  private ReadOnlyDirectory(Path dir, Set<PosixFilePermission> before, boolean immutable) {
    this.dir = dir;
    this.before = before;
    this.immutable = immutable;
  }

  public static ReadOnlyDirectory make(Path dir) {
    try {
      Set<PosixFilePermission> before = Files.getPosixFilePermissions(dir);
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("r-xr-xr-x"));
      boolean immutable = canCreateIn(dir) && chattr("+i", dir);
      ReadOnlyDirectory readOnly = new ReadOnlyDirectory(dir, before, immutable);
      if (canCreateIn(dir)) {
        readOnly.close();
        Assumptions.assumeTrue(false, "cannot make a directory read-only here");
      }
      return readOnly;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean canCreateIn(Path dir) throws IOException {
    Path probe = dir.resolve(".write-probe");
    try {
      Files.createFile(probe);
    } catch (IOException e) {
      return false;
    }
    Files.delete(probe);
    return true;
  }

  private static boolean chattr(String change, Path dir) {
    try {
      Process p = new ProcessBuilder("chattr", change, dir.toString()).inheritIO().start();
      return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Writable again, so that the test's directory can be removed. */
  @Override
  public void close() {
    if (immutable) {
      chattr("-i", dir);
    }
    try {
      Files.setPosixFilePermissions(dir, before);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
