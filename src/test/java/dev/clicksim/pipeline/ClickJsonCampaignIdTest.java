package dev.clicksim.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.StringJoiner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link ClickJson#campaignIdOf} reads the campaign as ksqlDB's JSON format reads the {@code
 * campaignId STRING} column: one fixture per rule in {@code pipeline/campaign-id-extraction.json},
 * each citing where in confluentinc/ksql the rule is, and random objects compared with a whole-tree
 * model of {@code KsqlJsonDeserializer}.
 */
class ClickJsonCampaignIdTest {
  private static final ObjectMapper FIXTURES = new ObjectMapper();

  /** Why ksqlDB counts no click for a record. */
  enum Dropped {
    NULL_CAMPAIGN,
    NOT_DESERIALIZED,
    NULL_VALUE
  }

  record ExtractionCase(
      String name,
      String value,
      String valueHex,
      String campaignId,
      Dropped dropped,
      String source) {
    byte[] bytes() {
      if (valueHex != null) {
        return HexFormat.of().parseHex(valueHex);
      }
      return value == null ? null : value.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
      return name;
    }
  }

  record ExtractionFixture(String about, Map<String, String> sources, List<ExtractionCase> cases) {}

  static List<ExtractionCase> cases() {
    try (InputStream in =
        ClickJsonCampaignIdTest.class.getResourceAsStream(
            "/pipeline/campaign-id-extraction.json")) {
      return FIXTURES.readValue(in, ExtractionFixture.class).cases();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void should_read_the_campaign_as_ksqldb_does(ExtractionCase c) {
    assertThat(ClickJson.campaignIdOf(c.bytes())).as(c.source()).isEqualTo(c.campaignId());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void should_agree_with_the_model_of_ksqldb_on_every_fixture(ExtractionCase c) {
    assertThat(KsqlDbModel.read(c.bytes()))
        .as(c.source())
        .isEqualTo(
            c.dropped() == null
                ? KsqlDbModel.Reading.counted(c.campaignId())
                : KsqlDbModel.Reading.dropped(c.dropped()));
  }

  @Test
  void should_hold_one_expectation_and_a_source_per_fixture_and_cover_every_outcome() {
    List<ExtractionCase> all = cases();
    Set<Dropped> outcomes = EnumSet.noneOf(Dropped.class);
    for (ExtractionCase c : all) {
      assertThat(c.campaignId() == null).as(c.name()).isEqualTo(c.dropped() != null);
      assertThat(c.value() != null && c.valueHex() != null).as(c.name()).isFalse();
      assertThat(c.source()).as(c.name()).isNotBlank();
      if (c.dropped() != null) {
        outcomes.add(c.dropped());
      }
    }
    assertThat(outcomes).containsExactlyInAnyOrder(Dropped.values());
    assertThat(all).extracting(ExtractionCase::name).doesNotHaveDuplicates();
  }

  @Test
  void should_agree_with_the_model_of_ksqldb_on_random_objects() {
    SplittableRandom random = new SplittableRandom(20261128);
    int counted = 0;
    for (int i = 0; i < 20_000; i++) {
      String json = randomObject(random, 0);
      byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
      KsqlDbModel.Reading expected = KsqlDbModel.read(bytes);
      assertThat(ClickJson.campaignIdOf(bytes)).as(json).isEqualTo(expected.campaignId());
      if (expected.campaignId() != null) {
        counted++;
      }
    }
    assertThat(counted).as("random objects that have a campaign").isBetween(5_000, 19_000);
  }

  @Test
  void should_match_case_variants_exactly_where_upper_casing_the_name_gives_the_column() {
    String column = "CAMPAIGNID";
    List<String> wrong = new ArrayList<>();
    int variants = 0;
    for (int position = 0; position < column.length(); position++) {
      for (char c : caseConfusables()) {
        String name = column.substring(0, position) + c + column.substring(position + 1);
        boolean variant = name.toUpperCase(Locale.ROOT).equals(column);
        variants += variant ? 1 : 0;
        String read =
            ClickJson.campaignIdOf(("{\"" + name + "\":\"v\"}").getBytes(StandardCharsets.UTF_8));
        if (!Objects.equals(read, variant ? "v" : null)) {
          wrong.add(String.format(Locale.ROOT, "%s (U+%04X) read as %s", name, (int) c, read));
        }
      }
    }
    assertThat(wrong).isEmpty();
    // The upper and the lower case of each letter, and the dotless i for both I's.
    assertThat(variants).isEqualTo(2 * column.length() + 2);
  }

  /**
   * Printable ASCII and every character that some case mapping takes to or from an ASCII letter
   * (dotless i, dotted capital I, the Kelvin sign, long s, ...): where a case-insensitive match
   * other than ksqlDB's would go wrong. Not all 65,536: Jackson interns each new field name, and a
   * fresh name per record costs it some 50 us.
   */
  private static List<Character> caseConfusables() {
    List<Character> chars = new ArrayList<>();
    for (char c = 0x20; c < Character.MAX_VALUE; c++) {
      if (c == '"' || c == '\\' || Character.isSurrogate(c)) {
        continue;
      }
      String s = String.valueOf(c);
      if (c < 0x7f
          || isAsciiLetter(Character.toUpperCase(c))
          || isAsciiLetter(Character.toLowerCase(c))
          || s.toUpperCase(Locale.ROOT).chars().anyMatch(ch -> isAsciiLetter((char) ch))
          || s.toLowerCase(Locale.ROOT).chars().anyMatch(ch -> isAsciiLetter((char) ch))) {
        chars.add(c);
      }
    }
    return chars;
  }

  private static boolean isAsciiLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  private static final String[] NAMES = {
    "campaignId",
    "CAMPAIGNID",
    "campaignid",
    "CampaignId",
    "campa\u0131gn\u0131d",
    "campa\u0130gn\u0130d",
    "itemId",
    "timestamp",
    "x"
  };

  private static final String[] SCALARS = {
    "\"r1.a\"",
    "\"r1.b\"",
    "\"\"",
    "\"q\\\"\\u00e9\"",
    "null",
    "true",
    "false",
    "0",
    "-0",
    "42",
    "-9223372036854775809",
    "1.50",
    "-0.0",
    "1e3",
    "2.5E-7",
    "1e2147483648",
    "12.5e-1"
  };

  /** Raw JSON text, so repeated names and exact number spellings survive. */
  private static String randomObject(SplittableRandom random, int depth) {
    StringJoiner fields = new StringJoiner(random.nextBoolean() ? "," : " , ", "{", "}");
    int n = random.nextInt(depth == 0 ? 6 : 3);
    for (int i = 0; i < n; i++) {
      fields.add('"' + NAMES[random.nextInt(NAMES.length)] + "\":" + randomValue(random, depth));
    }
    return fields.toString();
  }

  private static String randomValue(SplittableRandom random, int depth) {
    int kind = random.nextInt(depth < 2 ? 10 : 8);
    if (kind < 8) {
      return SCALARS[random.nextInt(SCALARS.length)];
    }
    if (kind == 8) {
      return randomObject(random, depth + 1);
    }
    StringJoiner elements = new StringJoiner(",", "[", "]");
    for (int i = random.nextInt(4); i > 0; i--) {
      elements.add(randomValue(random, depth + 1));
    }
    return elements.toString();
  }

  /**
   * KsqlJsonDeserializer's reading of a STRING column, re-expressed on a whole tree: read the value
   * as a tree (floats exact), take field {@code CAMPAIGNID}, else put every name upper-cased into a
   * map in the tree's order and take {@code CAMPAIGNID} from it; objects become their JSON text,
   * arrays their element texts joined, other values {@code asText}.
   */
  static final class KsqlDbModel {
    private static final ObjectMapper TREE =
        new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false);

    record Reading(String campaignId, Dropped dropped) {
      static Reading counted(String campaignId) {
        return new Reading(Objects.requireNonNull(campaignId), null);
      }

      static Reading dropped(Dropped why) {
        return new Reading(null, why);
      }
    }

    static Reading read(byte[] value) {
      if (value == null) {
        return Reading.dropped(Dropped.NULL_VALUE);
      }
      JsonNode root;
      try {
        root = TREE.readTree(value);
      } catch (IOException | RuntimeException e) {
        return Reading.dropped(Dropped.NOT_DESERIALIZED);
      }
      if (root.isNull()) {
        return Reading.dropped(Dropped.NULL_VALUE);
      }
      if (!root.isObject()) {
        return Reading.dropped(Dropped.NOT_DESERIALIZED);
      }
      JsonNode field = root.get("CAMPAIGNID");
      if (field == null) {
        Map<String, JsonNode> upperCased = new HashMap<>();
        root.properties()
            .forEach(e -> upperCased.put(e.getKey().toUpperCase(Locale.ROOT), e.getValue()));
        field = upperCased.get("CAMPAIGNID");
      }
      String text = field == null ? null : text(field);
      return text == null ? Reading.dropped(Dropped.NULL_CAMPAIGN) : Reading.counted(text);
    }

    private static String text(JsonNode n) {
      if (n.isNull()) {
        return null;
      }
      if (n.isObject()) {
        try {
          return TREE.writeValueAsString(TREE.treeToValue(n, Object.class));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
      if (n.isArray()) {
        List<String> elements = new ArrayList<>();
        n.forEach(e -> elements.add(Objects.toString(text(e))));
        return "[" + String.join(", ", elements) + "]";
      }
      return n.asText();
    }
  }
}
