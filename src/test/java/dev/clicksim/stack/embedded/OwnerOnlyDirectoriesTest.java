package dev.clicksim.stack.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OwnerOnlyDirectoriesTest {

  @TempDir Path root;

  @Test
  void should_create_missing_directories_readable_by_their_owner_only() throws IOException {
    Path data = root.resolve("state/embedded");
    Path logs = root.resolve("state/logs");

    OwnerOnlyDirectories.ensure(data, logs);

    assertThat(Files.getPosixFilePermissions(data)).isEqualTo(OwnerOnlyDirectories.OWNER_ONLY);
    assertThat(Files.getPosixFilePermissions(logs)).isEqualTo(OwnerOnlyDirectories.OWNER_ONLY);
  }

  @Test
  void should_tighten_directories_left_open_by_an_earlier_version() throws IOException {
    Path data =
        Files.createDirectories(
            root.resolve("embedded"),
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
    Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.writeString(data.resolve("kept"), "data");

    OwnerOnlyDirectories.ensure(data);

    assertThat(Files.getPosixFilePermissions(data)).isEqualTo(OwnerOnlyDirectories.OWNER_ONLY);
    assertThat(data.resolve("kept")).hasContent("data");
  }
}
