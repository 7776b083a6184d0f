package dev.clicksim.scenario;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.ObjectCodec;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.IOContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.InjectableValues;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactoryBuilder;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.events.NodeEvent;

/**
 * Scenario YAML to a {@link Scenario}: Jackson binds the text onto the model's
 * {@code @JsonCreator}s, and anything wrong becomes one line, {@code scenario <file>,
 * <field.path[2].x>: <problem> (line L, column C)}, list indices from 0, without a Java name in it.
 *
 * <p>The text is refused before it is parsed when it is larger than {@link #MAX_BYTES}, not UTF-8,
 * or has a line longer than {@link #MAX_LINE}: SnakeYAML's scanner takes time quadratic in the
 * length of a token, so a long line is refused in time proportional to the file instead. Jackson
 * reads the tokens through {@link Checked}, which refuses what it would take without a word:
 * aliases, anchors, tags, duplicate keys, a second document.
 */
final class ScenarioYaml {
  /** The largest scenario file read. */
  static final int MAX_BYTES = 4 << 20;

  /** The longest line, in characters. */
  static final int MAX_LINE = 64 << 10;

  /** The deepest nesting of mappings and lists. */
  static final int MAX_DEPTH = 64;

  /** The longest number, in characters. */
  static final int MAX_NUMBER = 100;

  /** The injectable value a scenario's name defaults to (the file's name). */
  static final String DEFAULT_NAME = "dev.clicksim.scenario.defaultName";

  private static final Pattern SEGMENT = Pattern.compile("([^.\\[\\]]+)|\\[(\\d+)]");

  private static final Factory YAML =
      new Factory(
          YAMLFactory.builder()
              .loaderOptions(loaderOptions())
              .streamReadConstraints(
                  StreamReadConstraints.builder()
                      .maxDocumentLength(MAX_BYTES)
                      .maxNestingDepth(MAX_DEPTH + 1) // Checked says it in its own words first
                      .maxStringLength(MAX_LINE)
                      .maxNumberLength(MAX_NUMBER)
                      .build())
              // Checked finds duplicate keys, and names the mapping they are in.
              .disable(StreamReadFeature.STRICT_DUPLICATE_DETECTION));

  private static final ObjectReader READER =
      YAMLMapper.builder(YAML)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
          // Only the @JsonCreator parameters are fields: record components and accessors are not.
          .visibility(PropertyAccessor.ALL, JsonAutoDetect.Visibility.NONE)
          .addModule(
              new SimpleModule().addDeserializer(Duration.class, new YamlValues.DurationValue()))
          .build()
          .readerFor(Scenario.class);

  private ScenarioYaml() {}

  private static LoaderOptions loaderOptions() {
    LoaderOptions o = new LoaderOptions();
    o.setCodePointLimit(MAX_BYTES);
    // Limits of SnakeYAML's composer, which Jackson does not use: Checked refuses aliases and
    // duplicates in its place.
    o.setMaxAliasesForCollections(0);
    o.setAllowDuplicateKeys(false);
    o.setNestingDepthLimit(MAX_DEPTH);
    return o;
  }

  /**
   * The scenario in {@code yaml}; {@code source} names it in messages, {@code defaultName} is its
   * name if it has none.
   */
  static Scenario read(byte[] yaml, String source, String defaultName) {
    if (yaml.length > MAX_BYTES) {
      throw tooLarge(source, yaml.length);
    }
    String text = text(yaml, source);
    Scenario scenario;
    Checked p = YAML.parser(text, source);
    try (p) {
      scenario =
          READER.with(new InjectableValues.Std().addValue(DEFAULT_NAME, defaultName)).readValue(p);
    } catch (JsonMappingException e) {
      boolean syntax = causeOf(e, MarkedYAMLException.class) != null;
      throw p.empty
          ? empty(source)
          : syntax ? fromParser(e, source, p.enclosing()) : fromBinding(e, text, source);
    } catch (JsonProcessingException e) {
      throw fromParser(e, source, p.enclosing());
    } catch (IOException e) {
      throw new InvalidScenarioException(
          "scenario " + source + ": cannot read it (" + e.getMessage() + ")", e);
    }
    if (scenario == null) {
      throw empty(source);
    }
    return scenario;
  }

  static InvalidScenarioException tooLarge(String source, long size) {
    return new InvalidScenarioException(
        String.format(
            Locale.ROOT,
            "scenario %s: %.1f MB is larger than the %d MiB a" + " scenario file may be",
            source,
            size / 1e6,
            MAX_BYTES >> 20));
  }

  private static InvalidScenarioException empty(String source) {
    return new InvalidScenarioException("scenario " + source + ": file is empty");
  }

  /**
   * The file as text: UTF-8, printable, lines of at most {@link #MAX_LINE} characters; without a
   * byte order mark.
   */
  private static String text(byte[] yaml, String source) {
    CharsetDecoder utf8 =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(yaml);
    CharBuffer out = CharBuffer.allocate(yaml.length);
    if (utf8.decode(in, out, true).isError()) {
      String before = new String(yaml, 0, in.position(), StandardCharsets.UTF_8);
      throw problem(
          source,
          List.of(),
          "not a text file (UTF-8 YAML)",
          position(before, before.length()),
          null);
    }
    String text = out.flip().toString();
    text = text.startsWith("\uFEFF") ? text.substring(1) : text;
    int lineStart = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\n') {
        lineStart = i + 1;
      } else if (i - lineStart >= MAX_LINE) {
        int end = text.indexOf('\n', i);
        throw problem(
            source,
            List.of(),
            "a line of "
                + ((end < 0 ? text.length() : end) - lineStart)
                + " characters is"
                + " longer than the "
                + MAX_LINE
                + " a line of a scenario file may have",
            position(text, lineStart),
            null);
      } else if (!(c == '\t'
          || c == '\r'
          || (c >= 0x20 && c <= 0x7e)
          || c == 0x85
          || (c >= 0xa0 && c <= 0xfffd))) {
        // what YAML allows in a stream (YAML 1.1 section 5.1, as SnakeYAML reads it)
        throw problem(
            source,
            List.of(),
            String.format(
                "not a text file (UTF-8 YAML): it holds the control character" + " U+%04X",
                (int) c),
            position(text, i),
            null);
      }
    }
    return text;
  }

  private static JsonLocation position(String text, int index) {
    int line = 1;
    int lineStart = 0;
    for (int i = 0; i < index; i++) {
      if (text.charAt(i) == '\n') {
        line++;
        lineStart = i + 1;
      }
    }
    return new JsonLocation(null, index, line, index - lineStart + 1);
  }

  /** Makes {@link Checked} parsers. */
  private static final class Factory extends YAMLFactory {
    private static final long serialVersionUID = 1L;

    Factory(YAMLFactoryBuilder builder) {
      super(builder);
    }

    @Override
    protected YAMLParser _createParser(Reader r, IOContext ctxt) {
      return new Checked(
          ctxt, _parserFeatures, _yamlParserFeatures, _loaderOptions, _objectCodec, r);
    }

    Checked parser(String text, String source) {
      try {
        Checked p = (Checked) createParser(new StringReader(text));
        p.source = source;
        return p;
      } catch (IOException e) {
        throw new UncheckedIOException("a parser over a string", e);
      }
    }
  }

  /**
   * The parser Jackson binds from: it refuses, as it reads them, the tokens Jackson would take
   * without a word (aliases, anchors, tags, duplicate keys, a second document) and values nested
   * too deep or too long.
   */
  private static final class Checked extends YAMLParser {
    private final Deque<Set<String>> keys = new ArrayDeque<>();

    /** Null in the parsers that only look for a location in text that has passed. */
    private String source;

    private int documents;

    /** Until a first value that is not null or an empty text. */
    private boolean empty = true;

    Checked(
        IOContext ctxt,
        int parserFeatures,
        int yamlFeatures,
        LoaderOptions options,
        ObjectCodec codec,
        Reader r) {
      super(ctxt, parserFeatures, yamlFeatures, options, codec, r);
    }

    @Override
    public JsonToken nextToken() throws IOException {
      JsonToken t = super.nextToken();
      if (t == null || source == null) {
        return t;
      }
      JsonStreamContext c = getParsingContext();
      if ((t.isStructStart() ? c.getParent() : c).inRoot() && !t.isStructEnd()) {
        if (++documents > 1) {
          throw refuse(c, "holds a second YAML document; a scenario file is one document");
        }
        empty = t == JsonToken.VALUE_NULL || (t == JsonToken.VALUE_STRING && getTextLength() == 0);
      }
      if (isCurrentAlias()) {
        throw refuse(
            c,
            "YAML aliases (*"
                + YamlValues.shortened(getText())
                + ") are not supported: write the value"
                + " out");
      }
      // YAMLParser reports the anchors of mappings and lists only.
      if (_lastEvent instanceof NodeEvent node && node.getAnchor() != null) {
        throw refuse(
            c,
            "YAML anchors (&"
                + YamlValues.shortened(node.getAnchor())
                + ") are not supported: write the"
                + " value out where it is used");
      }
      if (getTypeId() != null) {
        throw refuse(
            c,
            "YAML tags (!" + YamlValues.shortened(getTypeId().toString()) + ") are not supported");
      }
      switch (t) {
        case START_OBJECT, START_ARRAY -> {
          if (c.getNestingDepth() > MAX_DEPTH) {
            throw problem(
                source,
                List.of(),
                "nested more than " + MAX_DEPTH + " levels deep",
                currentTokenLocation(),
                null);
          }
          keys.push(t == JsonToken.START_OBJECT ? new HashSet<>() : Set.of());
        }
        case END_OBJECT, END_ARRAY -> keys.pop();
        case FIELD_NAME -> {
          if (!keys.peek().add(currentName())) {
            throw refuse(
                c.getParent(),
                "duplicate key "
                    + YamlValues.quoted(currentName())
                    + " (given twice in the"
                    + " same mapping)");
          }
        }
        case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
          if (getTextLength() > MAX_NUMBER) {
            throw refuse(
                c,
                "a number of "
                    + getTextLength()
                    + " characters is longer than the "
                    + MAX_NUMBER
                    + " a scenario number may have");
          }
        }
        default -> {
          if (t == JsonToken.VALUE_STRING && getTextLength() > MAX_LINE) {
            throw refuse(
                c,
                "a text of "
                    + getTextLength()
                    + " characters is longer than the "
                    + MAX_LINE
                    + " a scenario value may have");
          }
        }
      }
      return t;
    }

    /** The mapping or list being read: where a syntax error is, as a field path. */
    List<Object> enclosing() {
      JsonStreamContext c = getParsingContext();
      return segments(c.inRoot() ? c : c.getParent());
    }

    private InvalidScenarioException refuse(JsonStreamContext at, String problem) {
      return problem(source, segments(at), problem, currentTokenLocation(), null);
    }
  }

  /** A syntax error: SnakeYAML's words and mark, a tab called a tab. */
  private static InvalidScenarioException fromParser(
      JsonProcessingException e, String source, List<Object> path) {
    MarkedYAMLException m = causeOf(e, MarkedYAMLException.class);
    if (m == null || m.getProblemMark() == null) {
      String words =
          e.getOriginalMessage() == null
              ? ""
              : e.getOriginalMessage().lines().findFirst().orElse("");
      boolean plain =
          !words.isBlank()
              && !words.contains("java")
              && !words.contains("jackson")
              && !words.contains("`");
      return problem(
          source, path, "not valid YAML" + (plain ? ": " + words : ""), e.getLocation(), e);
    }
    String problem = m.getProblem() == null ? "" : m.getProblem();
    if (problem.contains("\t") || problem.contains("(TAB)")) {
      problem = "a tab where YAML needs spaces (YAML indents with spaces, never tabs)";
    } else {
      problem = "not valid YAML: " + problem;
      Mark c = m.getContextMark();
      if (m.getContext() != null && c != null) {
        problem +=
            ", "
                + m.getContext()
                + " at line "
                + (c.getLine() + 1)
                + ", column "
                + (c.getColumn() + 1);
      }
    }
    Mark at = m.getProblemMark();
    return problem(
        source,
        path,
        problem,
        new JsonLocation(null, at.getIndex(), at.getLine() + 1, at.getColumn() + 1),
        e);
  }

  /**
   * A problem Jackson found in binding, or a constructor of the model refused, at the path Jackson
   * knows.
   */
  private static InvalidScenarioException fromBinding(
      JsonMappingException e, String text, String source) {
    List<Object> path = new ArrayList<>();
    for (JsonMappingException.Reference r : e.getPath()) {
      if (r.getFieldName() != null) {
        path.add(r.getFieldName());
      } else if (r.getIndex() >= 0) {
        path.add(r.getIndex());
      }
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof InvalidScenarioException refused) {
        return refused;
      }
      if (t instanceof InvalidFieldException f) {
        // Jackson reports the unknown keys of a creator's mapping after calling it: a typo comes
        // before what it caused.
        InvalidScenarioException typo =
            e instanceof ValueInstantiationException v
                ? unknownKey(text, source, path, v.getType())
                : null;
        path.addAll(segments(f.path()));
        return typo != null
            ? typo
            : problem(source, path, f.problem(), locate(text, path, false).at(), e);
      }
      if (t instanceof InputCoercionException) {
        return mismatch(
            source,
            text,
            path,
            "expected a whole number from " + Long.MIN_VALUE + " to " + Long.MAX_VALUE,
            e);
      }
      if (t instanceof StreamConstraintsException) {
        return mismatch(
            source, text, path, "expected a number of at most " + MAX_NUMBER + " characters", e);
      }
      if (t instanceof NumberFormatException) {
        return mismatch(source, text, path, "expected a finite number", e);
      }
    }
    if (e instanceof UnrecognizedPropertyException u) {
      Collection<String> known = new TreeSet<>();
      u.getKnownPropertyIds().forEach(k -> known.add(String.valueOf(k)));
      return problem(
          source, path, unknownField(u.getPropertyName(), known), locate(text, path, true).at(), e);
    }
    Class<?> type = e instanceof MismatchedInputException m ? m.getTargetType() : null;
    return mismatch(
        source, text, path, type == null ? "cannot be read" : "expected " + expected(type), e);
  }

  /** A value of the wrong kind: {@code expected a whole number, got 'many'}. */
  private static InvalidScenarioException mismatch(
      String source, String text, List<Object> path, String expected, Exception e) {
    Spot spot = locate(text, path, false);
    return problem(
        source, path, expected + (spot.got() == null ? "" : ", got " + spot.got()), spot.at(), e);
  }

  /** What a Java type is to someone writing YAML. */
  private static String expected(Class<?> type) {
    if (type == Long.class || type == long.class || type == Integer.class || type == int.class) {
      return "a whole number";
    }
    if (type == Double.class || type == double.class) {
      return "a number";
    }
    if (type == String.class) {
      return "a text";
    }
    if (Collection.class.isAssignableFrom(type)) {
      return "a list";
    }
    if (type.isRecord()) {
      return "a mapping of "
          + type.getSimpleName().replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(Locale.ROOT)
          + " fields";
    }
    return "another kind of value";
  }

  /** The first key of the mapping at {@code path} that {@code type} has no field for, or null. */
  private static InvalidScenarioException unknownKey(
      String text, String source, List<Object> path, JavaType type) {
    Set<String> known = new TreeSet<>();
    READER.getConfig().introspect(type).findProperties().forEach(d -> known.add(d.getName()));
    try (JsonParser p = YAML.createParser(text)) {
      for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
        List<Object> here = t == JsonToken.FIELD_NAME ? segments(p.getParsingContext()) : List.of();
        if (here.size() == path.size() + 1
            && here.subList(0, path.size()).equals(path)
            && !known.contains(p.currentName())) {
          return problem(
              source, here, unknownField(p.currentName(), known), p.currentTokenLocation(), null);
        }
      }
    } catch (IOException e) {
      // Jackson has read it once; without this the message names what the typo caused, which is
      // still true
    }
    return null;
  }

  private static String unknownField(String name, Collection<String> known) {
    return "unknown field "
        + YamlValues.quoted(name)
        + " (known fields: "
        + String.join(", ", known)
        + ")";
  }

  /**
   * Where a value is and what it is, as a message shows it ({@code 'many'}, {@code a list}); either
   * may be null.
   */
  private record Spot(JsonLocation at, String got) {}

  /** The value (or the key) at {@code path}, else the nearest value that encloses it. */
  private static Spot locate(String text, List<Object> path, boolean key) {
    Spot best = new Spot(null, null);
    int bestDepth = -1;
    try (JsonParser p = YAML.createParser(text)) {
      for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
        if (t.isStructEnd() || (t == JsonToken.FIELD_NAME && !key)) {
          continue;
        }
        List<Object> here = segments(p.getParsingContext());
        if (here.equals(path)) {
          return new Spot(p.currentTokenLocation(), YamlValues.got(p));
        }
        if (here.size() < path.size()
            && here.size() > bestDepth
            && path.subList(0, here.size()).equals(here)) {
          best = new Spot(p.currentTokenLocation(), null);
          bestDepth = here.size();
        }
      }
    } catch (IOException e) {
      // Jackson has read it once; a location is a help, not a must
    }
    return best;
  }

  /** The path of a parser's current token: field names and list indices. */
  private static List<Object> segments(JsonStreamContext context) {
    Deque<Object> path = new ArrayDeque<>();
    for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
      if (c.inArray() && c.hasCurrentIndex()) {
        path.addFirst(c.getCurrentIndex());
      } else if (c.inObject() && c.getCurrentName() != null) {
        path.addFirst(c.getCurrentName());
      }
    }
    return new ArrayList<>(path);
  }

  /** The path an {@link InvalidFieldException} names, e.g. {@code campaigns[1].id}. */
  private static List<Object> segments(String path) {
    List<Object> segments = new ArrayList<>();
    Matcher m = SEGMENT.matcher(path);
    while (m.find()) {
      segments.add(m.group(1) != null ? m.group(1) : (Object) Integer.parseInt(m.group(2)));
    }
    return segments;
  }

  private static <T extends Throwable> T causeOf(Throwable e, Class<T> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    return null;
  }

  private static InvalidScenarioException problem(
      String source, List<Object> path, String problem, JsonLocation at, Throwable cause) {
    // A problem may quote the file (ids, the campaigns there are): a message stays a line a person
    // reads.
    problem = problem.length() > 400 ? problem.substring(0, 400) + "..." : problem;
    StringBuilder field = new StringBuilder();
    for (Object s : path) {
      field.append(
          s instanceof Integer i
              ? "[" + i + "]"
              : (field.length() == 0 ? "" : ".") + YamlValues.shortened((String) s));
    }
    StringBuilder m =
        new StringBuilder("scenario ")
            .append(source)
            .append(field.length() == 0 ? ": " : ", " + field + ": ")
            .append(problem);
    if (at != null && at.getLineNr() > 0) {
      m.append(" (line ")
          .append(at.getLineNr())
          .append(", column ")
          .append(at.getColumnNr())
          .append(')');
    }
    return new InvalidScenarioException(m.toString().replaceAll("[\\r\\n]+", " "), cause);
  }
}
