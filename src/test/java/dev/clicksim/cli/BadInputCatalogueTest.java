package dev.clicksim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.clicksim.testing.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input on every command, each refused the same way: its exit code, exactly one line on stderr
 * naming the option, file or field at fault, no Java type and no stack trace anywhere, and no state
 * directory made (nothing was started) where the input is refused before a stack would start.
 *
 * <p>Arguments may name the files written here: {@code {files}} (this class's directory), {@code
 * {run}} (a complete dry run), {@code {report:NAME}} (a copy of a verified run whose verify.json is
 * damaged as NAME says), {@code {empty-runs}} (a runs directory with no run), {@code {external-db}}
 * (a JDBC URL where no database listens), {@code {not-a-host}}.
 */
class BadInputCatalogueTest {

  @TempDir static Path files;

  private static final AtomicInteger STATE_DIRS = new AtomicInteger();

  /** Words that only a Java program's internals would show. */
  private static final List<String> INTERNALS =
      List.of(
          "java.",
          "javax.",
          "dev.clicksim",
          "com.fasterxml",
          "org.apache",
          "Exception",
          "$",
          "\tat ");

  /**
   * One bad input.
   *
   * @param stateDir whether the command takes {@code --state-dir}: the case then runs with a fresh
   *     one that must still not exist afterwards
   */
  record Case(String name, int exit, String names, boolean stateDir, List<String> args) {
    @Override
    public String toString() {
      return name;
    }
  }

  /** Invalid input (exit 2); {@code commandLine}'s arguments are separated by single spaces. */
  private static Case refused(String name, String names, String commandLine) {
    return of(name, ExitCode.INVALID_INPUT.code(), names, commandLine);
  }

  /** A run directory or run that is not there (exit 6). */
  private static Case missing(String name, String names, String commandLine) {
    return of(name, ExitCode.NOT_FOUND.code(), names, commandLine);
  }

  private static Case of(String name, int exit, String names, String commandLine) {
    List<String> args = List.of(commandLine.split(" "));
    boolean stateDir =
        List.of("run", "verify", "provision", "up").contains(args.get(0))
            && !args.contains("--state-dir");
    return new Case(name, exit, names, stateDir, args);
  }

  static Stream<Case> catalogue() {
    return Stream.of(
        // run: its options, durations, shares, numbers, enums, scenarios
        refused("run: unknown option", "'--nope'", "run --nope"),
        refused("run: misspelt option", "--no-verify", "run --no-verfy"),
        refused("run: anchor that is a word", "--anchor", "run --dry-run --anchor yesterday"),
        refused("run: anchor without a time", "--anchor", "run --dry-run --anchor 2026-11-27"),
        refused("run: grace that is a word", "--grace", "run --dry-run --grace soon"),
        refused("run: negative grace", "--grace", "run --dry-run --grace -1m"),
        refused("run: zero duration", "--duration", "run --dry-run --duration 0s"),
        refused("run: duration that is a word", "--duration", "run --dry-run --duration forever"),
        refused("run: negative rate scale", "--rate-scale", "run --dry-run --rate-scale -1"),
        refused(
            "run: rate scale that is a word", "--rate-scale", "run --dry-run --rate-scale lots"),
        refused("run: infinite rate scale", "--rate-scale", "run --dry-run --rate-scale Infinity"),
        refused("run: zero speed", "--speed", "run --dry-run --speed 0"),
        refused("run: speed that is a word", "--speed", "run --dry-run --speed warp"),
        refused("run: fractional seed", "--seed", "run --dry-run --seed 1.5"),
        refused("run: unknown progress mode", "--progress", "run --dry-run --progress fast"),
        refused(
            "run: unknown engine profile",
            "--engine-profile",
            "run --dry-run --engine-profile turbo"),
        refused("run: share over 100%", "--min-match", "run --dry-run --min-match 120%"),
        refused("run: share that is a word", "--min-match", "run --dry-run --min-match most"),
        refused(
            "run: latency SLO that is a word", "--max-p99-ack", "run --dry-run --max-p99-ack fast"),
        refused(
            "run: window completion SLO that is a word",
            "--max-p99-window-completion",
            "run --dry-run --max-p99-window-completion soon"),
        refused(
            "run: negative visibility SLO",
            "--max-p99-visibility",
            "run --dry-run --max-p99-visibility -1s"),
        refused(
            "run: poll interval that is a word",
            "--poll-interval",
            "run --dry-run --poll-interval often"),
        refused("run: port that is a word", "--kafka-port", "run --dry-run --kafka-port http"),
        refused("run: fractional port", "--postgres-port", "run --dry-run --postgres-port 5432.5"),
        refused(
            "run: cache size with a unit",
            "--cache-max-bytes",
            "run --dry-run --cache-max-bytes 10MB"),
        refused("run: fractional linger", "--streams-linger", "run --dry-run --streams-linger 1.5"),
        refused("run: unknown target", "--target", "run --target cloud"),
        refused("run: unknown layout", "--layout", "run --dry-run --layout sideways"),
        refused("run: scenario option without a value", "--scenario", "run -s"),
        refused(
            "run: unknown scenario",
            "no-such-scenario",
            "run --dry-run --scenario no-such-scenario"),
        refused(
            "run: scenario file that does not exist",
            "no-such.yaml",
            "run --dry-run --scenario {files}/no-such.yaml"),
        refused(
            "run: scenario with a negative weight",
            "campaigns[0].weight",
            "run --dry-run --scenario {files}/negative-weight.yaml"),
        refused("run: zero commit interval", "--commit-interval", "run --commit-interval 0s"),
        refused("run: negative cache size", "--cache-max-bytes", "run --cache-max-bytes -1"),
        // verify: run directories, URLs, files, external-target omissions
        missing(
            "verify: run directory that does not exist",
            "no-such-run",
            "verify --run {files}/no-such-run"),
        refused("verify: run directory that is a file", "a-file", "verify --run {files}/a-file"),
        refused(
            "verify: run.json that is a list",
            "run.json",
            "verify --run {files}/broken-runs/list-run-json"),
        refused(
            "verify: run.json without its campaign prefix",
            "campaignPrefix",
            "verify --run {files}/broken-runs/no-prefix"),
        refused(
            "verify: truth.csv with a negative count",
            "truth.csv",
            "verify --run {files}/broken-runs/negative-count"),
        missing(
            "verify: run directory without truth.csv",
            "truth.csv",
            "verify --run {files}/broken-runs/no-truth"),
        missing(
            "verify: runs directory without a run", "empty-runs", "verify --runs-dir {empty-runs}"),
        refused(
            "verify: settle timeout that is a word",
            "--settle-timeout",
            "verify --run {run} --settle-timeout x"),
        refused(
            "verify: negative quiet period",
            "--quiet-period",
            "verify --run {run} --quiet-period -5s"),
        refused("verify: unknown list mode", "--list", "verify --run {run} --list some"),
        refused(
            "verify: URL without a scheme", "--connect-url", "verify --connect-url 127.0.0.1:8083"),
        refused("verify: URL that does not parse", "--ksqldb-url", "verify --ksqldb-url ::bad"),
        refused(
            "verify: URL that is not http",
            "--schema-registry-url",
            "verify --schema-registry-url ftp://127.0.0.1/x"),
        refused("verify: unknown profile", "--profile", "verify --profile nope"),
        refused("verify: run option without a value", "--run", "verify --run"),
        refused(
            "verify: external target without bootstrap servers",
            "--bootstrap-servers",
            "verify --run {run} --target external"),
        refused(
            "verify: external target without Connect",
            "--connect-url",
            "verify --run {run} --target external --bootstrap-servers 127.0.0.1:1"),
        refused(
            "verify: external target without a database",
            "--jdbc-url",
            "verify --run {run} --target external --bootstrap-servers 127.0.0.1:1 --connect-url http://127.0.0.1:1"),
        refused(
            "verify: password file that does not exist",
            "--db-password-file",
            "verify --run {run} --jdbc-url {external-db} --db-password-file {files}/no-such-password"),
        refused(
            "verify: password file that is a directory",
            "--db-password-file",
            "verify --run {run} --jdbc-url {external-db} --db-password-file {files}"),
        refused(
            "verify: JDBC URL of no database",
            "not-jdbc",
            "verify --run {run} --jdbc-url not-jdbc"),
        refused(
            "verify: JDBC URL of another database",
            "jdbc:mysql",
            "verify --run {run} --jdbc-url jdbc:mysql://127.0.0.1:1/x"),
        refused(
            "verify: properties file that does not exist",
            "--properties",
            "verify --run {run} --target external --properties {files}/no-such.properties"),
        refused(
            "verify: properties file that is a directory",
            "--properties",
            "verify --run {run} --target external --properties {files}"),
        refused(
            "verify: ksqlDB user without a URL",
            "--ksqldb-url",
            "verify --run {run} --target external --ksqldb-user ksql --bootstrap-servers 127.0.0.1:1 --connect-url http://127.0.0.1:1 --jdbc-url {external-db}"),
        refused(
            "verify: Connect password without a user",
            "--connect-user",
            "verify --run {run} --target external --connect-password-file {files}/password --bootstrap-servers 127.0.0.1:1 --connect-url http://127.0.0.1:1 --jdbc-url {external-db}"),
        // provision: the external target's Kafka settings, the embedded target's state directory
        refused("provision: dry run of the embedded stack", "--dry-run", "provision --dry-run"),
        refused("provision: strict with a value", "--strict", "provision --strict=maybe"),
        refused("run: strict with a value", "--strict", "run --dry-run --strict=no"),
        refused(
            "provision: bootstrap servers that are no address",
            "--bootstrap-servers",
            "provision --target external --bootstrap-servers {not-a-host} --connect-url http://127.0.0.1:1 --jdbc-url {external-db}"),
        refused(
            "provision: Kafka client setting that Kafka refuses",
            "security.protocol",
            "provision --target external --properties {files}/bad-kafka.properties --bootstrap-servers 127.0.0.1:1 --connect-url http://127.0.0.1:1 --jdbc-url {external-db}"),
        refused(
            "provision: dry run of an external target without a database",
            "--jdbc-url",
            "provision --dry-run --target external --bootstrap-servers 127.0.0.1:1 --connect-url http://127.0.0.1:1"),
        new Case(
            "provision: state directory under a file",
            ExitCode.INFRASTRUCTURE.code(),
            "cannot write the state directory " + "{files}/a-file/state",
            false,
            List.of("provision", "--state-dir", "{files}/a-file/state")),
        // run: faults an external target cannot do, refused before anything is contacted
        refused(
            "run: restart of a PostgreSQL the external target does not own",
            "--fault restart:postgres@50%: external (Kafka 127.0.0.1:1, Connect http://127.0.0.1:1) cannot restart postgres: clicksim does not run this postgres, so it cannot restart it; --profile compose can (docker compose restart postgres) (it can: kill postgres, pause postgres, pause sink-task, restart connect, restart sink-task)",
            "run --target external --bootstrap-servers 127.0.0.1:1 --connect-url http://127.0.0.1:1 --jdbc-url {external-db} --fault restart:postgres@50%"),
        refused(
            "run: kill of an external broker without the compose profile",
            "cannot kill broker: clicksim does not run this broker, so it cannot kill it; --profile compose can (docker compose kill kafka)",
            "run --target external --bootstrap-servers 127.0.0.1:1 --connect-url http://127.0.0.1:1 --jdbc-url {external-db} --fault restart:sink-task@10% --fault kill:broker@50%"),
        refused(
            "run: kill of a sink task, which is a thread",
            "--fault kill:sink-task@50%: external (Kafka 127.0.0.1:1, Connect http://127.0.0.1:1) cannot kill sink-task: a sink task is a thread inside a Connect worker, with no process of its own to SIGKILL; kill connect instead, or restart sink-task",
            "run --target external --bootstrap-servers 127.0.0.1:1 --connect-url http://127.0.0.1:1 --jdbc-url {external-db} --fault kill:sink-task@50%"),
        refused(
            "run: kill of a sink task on the embedded stack",
            "--fault kill:sink-task@50%: the embedded stack cannot kill sink-task: a sink task is a thread inside a Connect worker",
            "run --fault kill:sink-task@50%"),
        refused(
            "run: pause of the external windowed count without the compose profile",
            "cannot pause aggregation: clicksim does not run this aggregation",
            "run --target external --bootstrap-servers 127.0.0.1:1 --connect-url http://127.0.0.1:1 --jdbc-url {external-db} --fault pause:aggregation@50%/10s"),
        // up
        refused("up: external target", "--target external", "up --target external"),
        refused("up: port that is a word", "--kafka-port", "up --kafka-port nine"),
        refused("up: zero commit interval", "--commit-interval", "up --commit-interval 0s"),
        // report: run directories and damaged verify.json files
        missing(
            "report: run directory that does not exist",
            "no-such-run",
            "report --run {files}/no-such-run"),
        missing("report: run without verify.json", "verify.json", "report --run {run}"),
        missing(
            "report: runs directory without a run", "empty-runs", "report --runs-dir {empty-runs}"),
        refused(
            "report: verify.json that is {}",
            "field run is missing",
            "report --run {report:empty-object}"),
        refused(
            "report: verify.json with a count that is text",
            "field windows[0].expected",
            "report --run {report:text-count}"),
        refused(
            "report: verify.json with an unknown field",
            "unknown field run.colour",
            "report --run {report:unknown-field}"),
        refused(
            "report: verify.json that is not JSON",
            "verify.json",
            "report --run {report:not-json}"),
        refused("report: verify.json that is empty", "verify.json", "report --run {report:empty}"),
        refused("report: extra argument", "'extra'", "report extra"),
        // scenario list, show, validate; scenario files
        refused("scenario: unknown subcommand", "'nope'", "scenario nope"),
        refused("scenario list: extra argument", "'extra'", "scenario list extra"),
        refused("scenario show: no scenario", "NAME|FILE", "scenario show"),
        refused(
            "scenario show: zero window size",
            "--window-size",
            "scenario show smoke --window-size 0s"),
        refused(
            "scenario show: grace that is a word", "--grace", "scenario show smoke --grace soon"),
        refused("scenario show: zero speed", "--speed", "scenario show smoke --speed 0"),
        refused("scenario validate: no file", "FILE", "scenario validate"),
        refused(
            "scenario validate: file that does not exist",
            "no-such.yaml",
            "scenario validate {files}/no-such.yaml"),
        refused("scenario validate: a directory", "{files}", "scenario validate {files}"),
        refused(
            "scenario validate: unknown key",
            "colour",
            "scenario validate {files}/unknown-key.yaml"),
        refused(
            "scenario validate: negative weight",
            "campaigns[0].weight",
            "scenario validate {files}/negative-weight.yaml"),
        refused(
            "scenario validate: bad duration",
            "duration",
            "scenario validate {files}/bad-duration.yaml"),
        refused(
            "scenario validate: negative duration",
            "duration",
            "scenario validate {files}/negative-duration.yaml"),
        refused(
            "scenario validate: empty file", "empty.yaml", "scenario validate {files}/empty.yaml"),
        refused(
            "scenario validate: campaign without items",
            "campaigns[0].items",
            "scenario validate {files}/no-items.yaml"),
        refused(
            "scenario validate: no campaigns",
            "campaigns",
            "scenario validate {files}/no-campaigns.yaml"),
        refused(
            "scenario validate: blank campaign id",
            "campaigns[0].id",
            "scenario validate {files}/blank-id.yaml"),
        refused(
            "scenario validate: no shoppers",
            "shoppers",
            "scenario validate {files}/no-shoppers.yaml"),
        refused(
            "scenario validate: speed that is a word",
            "speed",
            "scenario validate {files}/bad-speed.yaml"),
        refused(
            "scenario validate: share over 100%",
            "slos.minMatch", "scenario validate {files}/bad-share.yaml"),
        // generate-completion and clicksim itself
        refused("generate-completion: unknown option", "'--nope'", "generate-completion --nope"),
        refused("generate-completion: extra argument", "'extra'", "generate-completion extra"),
        refused("up: kafka port above 65535", "--kafka-port", "up --kafka-port 70000"),
        refused("run: negative connect port", "--connect-port", "run --dry-run --connect-port -5"),
        refused(
            "up: two components on one port",
            "--kafka-port and --connect-port",
            "up --kafka-port 19555 --connect-port 19555"),
        refused(
            "run: campaign prefix with a dot inside",
            "campaign prefix",
            "run --dry-run --campaign-prefix a.b."),
        refused(
            "scenario validate: a tab for indentation",
            "tab",
            "scenario validate {files}/tab.yaml"),
        refused("scenario validate: a YAML alias", "alias", "scenario validate {files}/alias.yaml"),
        refused(
            "scenario validate: weight that is a word",
            "campaigns[0].weight",
            "scenario validate {files}/word-weight.yaml"),
        refused(
            "scenario validate: clicks that is a word",
            "clicks",
            "scenario validate {files}/word-clicks.yaml"),
        refused(
            "scenario validate: seed that is a list",
            "seed",
            "scenario validate {files}/list-seed.yaml"),
        refused(
            "scenario validate: unclosed flow sequence",
            "unclosed.yaml",
            "scenario validate {files}/unclosed.yaml"),
        refused(
            "scenario validate: a top-level list",
            "top-level-list.yaml",
            "scenario validate {files}/top-level-list.yaml"),
        refused(
            "run: scenario that is a directory",
            "is a directory",
            "run --dry-run --scenario {files}"),
        refused("clicksim: unknown command", "'nosuchcmd'", "nosuchcmd"),
        refused("clicksim: unknown option", "'--nope'", "--nope"));
  }

  private static final String SCENARIO =
      "name: t\nseed: 1\nduration: 4m\nclicks: 10\nshoppers: 2\n"
          + "campaigns:\n  - id: a\n    weight: 1\n    items: [x]\n";

  @BeforeAll
  static void writeFiles() throws Exception {
    Files.writeString(files.resolve("a-file"), "not a directory\n");
    Files.writeString(files.resolve("password"), "secret\n");
    Files.writeString(files.resolve("bad-kafka.properties"), "security.protocol=FOO\n");
    Files.createDirectories(files.resolve("empty-runs"));
    scenario("unknown-key", SCENARIO + "colour: red\n");
    scenario("negative-weight", SCENARIO.replace("weight: 1", "weight: -1"));
    scenario("bad-duration", SCENARIO.replace("duration: 4m", "duration: soon"));
    scenario("negative-duration", SCENARIO.replace("duration: 4m", "duration: -4m"));
    scenario("empty", "");
    scenario("no-items", SCENARIO.replace("items: [x]", "items: []"));
    scenario(
        "no-campaigns", SCENARIO.substring(0, SCENARIO.indexOf("campaigns:")) + "campaigns: []\n");
    scenario("blank-id", SCENARIO.replace("id: a", "id: \"\""));
    scenario("no-shoppers", SCENARIO.replace("shoppers: 2", "shoppers: 0"));
    scenario("bad-speed", SCENARIO + "speed: fast\n");
    scenario("bad-share", SCENARIO + "slos: {minMatch: 120%}\n");
    scenario("tab", SCENARIO.replace("    weight: 1", "\tweight: 1"));
    scenario(
        "alias",
        SCENARIO.replace("items: [x]", "items: &l0 [x]\n  - id: b\n    weight: 1\n    items: *l0"));
    scenario("word-weight", SCENARIO.replace("weight: 1", "weight: heavy"));
    scenario("word-clicks", SCENARIO.replace("clicks: 10", "clicks: ten"));
    scenario("list-seed", SCENARIO.replace("seed: 1", "seed: [1]"));
    scenario("unclosed", "name: [unclosed\n");
    scenario("top-level-list", "- name: t\n- seed: 1\n");

    Cli.run(
            "run",
            "--dry-run",
            "--anchor",
            "2026-11-27T23:00:00Z",
            "--runs-dir",
            files.resolve("runs").toString())
        .expectExit(0);
    Path dry = only(files.resolve("runs"));
    brokenRun("list-run-json", dry, "run.json", "[1,2,3]");
    ObjectNode noPrefix =
        (ObjectNode) new ObjectMapper().readTree(dry.resolve("run.json").toFile());
    noPrefix.remove("campaignPrefix");
    brokenRun("no-prefix", dry, "run.json", new ObjectMapper().writeValueAsString(noPrefix));
    List<String> truthLines = Files.readAllLines(dry.resolve("truth.csv"));
    String row = truthLines.get(1);
    String negative = row.substring(0, row.lastIndexOf(',') + 1) + "-1";
    brokenRun("negative-count", dry, "truth.csv", truthLines.get(0) + "\n" + negative + "\n");
    brokenRun("no-truth", dry, "truth.csv", null);
    Cli.run("class-cache-training", files.resolve("verified").toString()).expectExit(0);
    Path verified = only(files.resolve("verified"));
    ObjectMapper json = new ObjectMapper();
    damagedReport("empty-object", verified, "{}");
    ObjectNode textCount = (ObjectNode) json.readTree(verified.resolve("verify.json").toFile());
    ((ObjectNode) textCount.withArray("windows").get(0)).put("expected", "zz");
    damagedReport("text-count", verified, json.writeValueAsString(textCount));
    ObjectNode unknown = (ObjectNode) json.readTree(verified.resolve("verify.json").toFile());
    unknown.withObject("run").put("colour", "red");
    damagedReport("unknown-field", verified, json.writeValueAsString(unknown));
    damagedReport("not-json", verified, "verdict: MATCH\n");
    damagedReport("empty", verified, "");
  }

  private static void scenario(String name, String yaml) throws Exception {
    Files.writeString(files.resolve(name + ".yaml"), yaml);
  }

  /**
   * A copy of a good run with one of its files replaced, or removed when {@code content} is null.
   */
  private static void brokenRun(String name, Path good, String file, String content)
      throws Exception {
    Path dir = Files.createDirectories(files.resolve("broken-runs").resolve(name));
    Files.copy(good.resolve("run.json"), dir.resolve("run.json"));
    Files.copy(good.resolve("truth.csv"), dir.resolve("truth.csv"));
    if (content == null) {
      Files.delete(dir.resolve(file));
    } else {
      Files.writeString(dir.resolve(file), content);
    }
  }

  private static void damagedReport(String name, Path verified, String verifyJson)
      throws Exception {
    Path dir = Files.createDirectories(files.resolve("reports").resolve(name));
    Files.copy(verified.resolve("run.json"), dir.resolve("run.json"));
    Files.copy(verified.resolve("truth.csv"), dir.resolve("truth.csv"));
    Files.writeString(dir.resolve("verify.json"), verifyJson);
  }

  private static Path only(Path runsDir) throws Exception {
    try (Stream<Path> runs = Files.list(runsDir)) {
      List<Path> all = runs.toList();
      assertThat(all).hasSize(1);
      return all.get(0);
    }
  }

  private static String resolve(String text) throws Exception {
    return text.replace("{run}", only(files.resolve("runs")).toString())
        .replace("{not-a-host}", "not a host")
        .replace("{external-db}", "jdbc:postgresql://127.0.0.1:1/db_metrics")
        .replace("{empty-runs}", files.resolve("empty-runs").toString())
        .replaceAll("\\{report:([a-z-]+)}", files.resolve("reports").toString() + "/$1")
        .replace("{files}", files.toString());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("catalogue")
  void should_refuse_in_one_line_naming_the_input_without_internals(Case bad) throws Exception {
    List<String> args = new ArrayList<>();
    for (String arg : bad.args()) {
      args.add(resolve(arg));
    }
    Path stateDir = files.resolve("state-" + STATE_DIRS.incrementAndGet());
    if (bad.stateDir()) {
      args.addAll(1, List.of("--state-dir", stateDir.toString()));
    }
    Path runsWritten = files.resolve("runs-written");
    if (bad.args().get(0).equals("run")) {
      args.addAll(1, List.of("--runs-dir", runsWritten.toString()));
    }

    Cli.Result r = Cli.run(args.toArray(String[]::new)).expectExit(bad.exit());

    List<String> errLines = r.err().lines().toList();
    assertThat(errLines).as("stderr of clicksim %s", args).hasSize(1);
    assertThat(errLines.get(0)).startsWith("clicksim: ").contains(resolve(bad.names()));
    for (String internal : INTERNALS) {
      assertThat(r.err()).as("stderr").doesNotContain(internal);
      assertThat(r.out()).as("stdout").doesNotContain("\tat ").doesNotContain("Exception");
    }
    assertThat(stateDir).as("a state directory, which only a started stack makes").doesNotExist();
    assertThat(runsWritten).as("a run directory").doesNotExist();
  }
}
