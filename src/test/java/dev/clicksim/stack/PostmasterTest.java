package dev.clicksim.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PostmasterTest {

  @TempDir Path dataDir;

  @Test
  void should_read_the_pid_from_the_first_line_of_postmaster_pid() {
    String file =
        "48213\n/home/u/.clicksim/embedded/postgres/data\n1764626400\n54321\n/tmp\n127.0.0.1\n"
            + "  5432001    262144\nready   \n";

    assertThat(Postmaster.pidIn(file)).hasValue(48213);
  }

  @Test
  void should_find_no_pid_in_an_empty_or_half_written_file() {
    assertThat(Postmaster.pidIn("")).isEmpty();
    assertThat(Postmaster.pidIn("\n")).isEmpty();
    assertThat(Postmaster.pidIn("48a")).isEmpty();
    assertThat(Postmaster.pidIn("-1\n")).isEmpty();
  }

  @Test
  void should_find_no_postmaster_without_a_pid_file() {
    assertThat(Postmaster.of(dataDir)).isEmpty();
  }

  @Test
  void should_not_take_a_live_process_that_is_not_postgres_for_the_postmaster() throws Exception {
    Files.writeString(
        dataDir.resolve(Postmaster.PID_FILE), ProcessHandle.current().pid() + "\n" + dataDir);

    assertThat(Postmaster.of(dataDir)).as("this JVM's pid in a stale file").isEmpty();
  }
}
