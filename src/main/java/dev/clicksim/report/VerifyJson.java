package dev.clicksim.report;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.InvalidNullException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import dev.clicksim.failure.ClicksimFailure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * {@code verify.json}: the whole {@link VerificationReport}, fields in declaration order, instants
 * as ISO-8601 UTC.
 */
public final class VerifyJson {

  public static final String FILE = "verify.json";

  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .addModule(
              new SimpleModule("clicksim-instant")
                  .addSerializer(Instant.class, new InstantSerializer())
                  .addDeserializer(Instant.class, new InstantDeserializer()))
          .enable(SerializationFeature.INDENT_OUTPUT)
          .disable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          // Every field is written, nulls included: a field that is not there is damage.
          .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
          // A null in a list is named by its index here; the records' List.copyOf would not say.
          .withConfigOverride(
              java.util.List.class,
              o -> o.setSetterInfo(JsonSetter.Value.forContentNulls(Nulls.FAIL)))
          .build();

  /**
   * Indented, except that each element of a list (a window, a campaign, a latency, an SLO) takes
   * one line: a 100 000 window report stays readable with less and grep and is half the size of a
   * fully indented one.
   */
  private static final DefaultPrettyPrinter ROWS_ON_ONE_LINE =
      new DefaultPrettyPrinter(
              Separators.createDefaultInstance()
                  .withObjectFieldValueSpacing(Separators.Spacing.AFTER))
          .withObjectIndenter(new RowIndenter())
          .withArrayIndenter(new RowIndenter());

  private VerifyJson() {}

  /**
   * A line break and two spaces per level, or a single space anywhere inside an element of a list.
   */
  private static final class RowIndenter implements DefaultPrettyPrinter.Indenter {
    private static final DefaultIndenter LINES = new DefaultIndenter("  ", "\n");

    @Override
    public void writeIndentation(JsonGenerator g, int level) throws IOException {
      if (insideListElement(g.getOutputContext())) {
        g.writeRaw(' ');
      } else {
        LINES.writeIndentation(g, level);
      }
    }

    private static boolean insideListElement(JsonStreamContext context) {
      for (JsonStreamContext c = context.getParent(); c != null; c = c.getParent()) {
        if (c.inArray()) {
          return true;
        }
      }
      return false;
    }

    @Override
    public boolean isInline() {
      return false;
    }
  }

  /** Writes {@code runDir/verify.json} and returns its path. */
  public static Path write(VerificationReport report, Path runDir) {
    Path file = runDir.resolve(FILE);
    try {
      try (java.io.OutputStream o = Files.newOutputStream(file)) {
        write(report, o);
      }
      return file;
    } catch (IOException e) {
      throw new ClicksimFailure(
          ClicksimFailure.Kind.INFRASTRUCTURE, "cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  /** Writes the report as verify.json's bytes to {@code out}, which stays open. */
  public static void write(VerificationReport report, java.io.OutputStream out) throws IOException {
    JSON.writer(ROWS_ON_ONE_LINE)
        .without(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
        .writeValue(out, report);
    out.write('\n');
  }

  /**
   * Reads {@code runDir/verify.json}; a missing file is NOT_FOUND, a malformed one INVALID_INPUT.
   */
  public static VerificationReport read(Path runDir) {
    Path file = runDir.resolve(FILE);
    if (!Files.isRegularFile(file)) {
      throw new ClicksimFailure(
          ClicksimFailure.Kind.MISSING_RESOURCE,
          "run directory " + runDir + " has no " + FILE + "; run clicksim verify first");
    }
    String json;
    try {
      json = Files.readString(file);
    } catch (IOException e) {
      throw new ClicksimFailure(
          ClicksimFailure.Kind.INVALID_INPUT, "cannot read " + file + ": " + e.getMessage(), e);
    }
    try {
      return fromJson(json);
    } catch (JsonProcessingException e) {
      throw new ClicksimFailure(
          ClicksimFailure.Kind.INVALID_INPUT, "cannot read " + file + ": " + problem(e), e);
    }
  }

  /**
   * What is wrong with the file, in its own terms: the field (as a path such as {@code
   * windows[3].expected}) and what it should hold; Jackson's text names Java types and features.
   */
  static String problem(JsonProcessingException e) {
    if (e instanceof JsonMappingException m) {
      String field = fieldPath(m);
      String where = field.isEmpty() ? "the top level" : "field " + field;
      if (e instanceof UnrecognizedPropertyException) {
        return "unknown " + where;
      }
      if (e instanceof ValueInstantiationException && e.getCause() != null) {
        Throwable cause = e.getCause();
        if (cause instanceof NullPointerException && cause.getMessage() != null) {
          return "field " + join(field, cause.getMessage()) + " must not be null";
        }
        return where + ": " + firstLine(cause.getMessage());
      }
      if (e instanceof InvalidFormatException f) {
        return where + " must be " + expected(f.getTargetType()) + ", was '" + f.getValue() + "'";
      }
      if (e instanceof MismatchedInputException mi) {
        String original = String.valueOf(mi.getOriginalMessage());
        if (original.startsWith("Missing creator property")) {
          return where + " is missing";
        }
        if (original.startsWith("No content")) {
          return "the file is empty";
        }
        if (e instanceof InvalidNullException) {
          return where + " must not be null";
        }
        if (original.startsWith("Cannot map `null`")) {
          return where + " must be " + expected(mi.getTargetType()) + ", was null";
        }
        return where + " must be " + expected(mi.getTargetType());
      }
      if (e.getCause() instanceof InputCoercionException) {
        return where + " is out of range";
      }
      return where + " is malformed";
    }
    JsonLocation at = e.getLocation();
    String position =
        at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
    return (e instanceof JsonEOFException ? "ends early" : "is not valid JSON") + position;
  }

  private static String fieldPath(JsonMappingException e) {
    StringBuilder path = new StringBuilder();
    for (JsonMappingException.Reference r : e.getPath()) {
      if (r.getFieldName() != null) {
        path.append(path.length() == 0 ? "" : ".").append(r.getFieldName());
      } else if (r.getIndex() >= 0) {
        path.append('[').append(r.getIndex()).append(']');
      }
    }
    return path.toString();
  }

  private static String join(String path, String field) {
    return path.isEmpty() ? field : path + "." + field;
  }

  private static String expected(Class<?> type) {
    if (type == null) {
      return "something else";
    }
    if (type == int.class || type == long.class || type == Integer.class || type == Long.class) {
      return "a whole number";
    }
    if (type == double.class || type == Double.class) {
      return "a number";
    }
    if (type == boolean.class || type == Boolean.class) {
      return "true or false";
    }
    if (type == String.class) {
      return "a string";
    }
    if (type == Instant.class) {
      return "an ISO-8601 instant like 2026-11-28T00:00:00Z";
    }
    if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
      return "a list";
    }
    return "an object";
  }

  private static String firstLine(String message) {
    return message == null ? "invalid" : message.lines().findFirst().orElse("invalid");
  }

  public static String toJson(VerificationReport report) {
    try {
      return JSON.writer(ROWS_ON_ONE_LINE).writeValueAsString(report);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(
          "cannot serialize the verification report: " + e.getMessage(), e);
    }
  }

  public static VerificationReport fromJson(String json) throws JsonProcessingException {
    com.fasterxml.jackson.databind.JsonNode tree = JSON.readTree(json);
    if (tree == null || tree.isMissingNode()) {
      return JSON.readValue(json, VerificationReport.class);
    }
    // A verify.json written before window ends were checked has no wrongEnd: nothing was found
    // wrong with the ends because nothing looked, which is what null says.
    if (tree.path("windows").isArray()) {
      for (com.fasterxml.jackson.databind.JsonNode w : tree.get("windows")) {
        if (w instanceof com.fasterxml.jackson.databind.node.ObjectNode row
            && !row.has("wrongEnd")) {
          row.putNull("wrongEnd");
        }
        // Nor, before the three-way accounting, a stage or an attribution.
        if (w instanceof com.fasterxml.jackson.databind.node.ObjectNode row) {
          for (String field : new String[] {"stage", "attribution"}) {
            if (!row.has(field)) {
              row.putNull(field);
            }
          }
        }
      }
    }
    if (tree instanceof com.fasterxml.jackson.databind.node.ObjectNode doc) {
      // Nor, before the accounting and the timeline, those.
      for (String field : new String[] {"accounting", "timeline"}) {
        if (!doc.has(field)) {
          doc.putNull(field);
        }
      }
    }
    return JSON.treeToValue(tree, VerificationReport.class);
  }

  private static final class InstantSerializer extends JsonSerializer<Instant> {
    @Override
    public void serialize(Instant value, JsonGenerator gen, SerializerProvider serializers)
        throws IOException {
      gen.writeString(value.toString());
    }
  }

  private static final class InstantDeserializer extends JsonDeserializer<Instant> {
    @Override
    public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      String text = p.getValueAsString();
      try {
        return Instant.parse(text);
      } catch (DateTimeParseException | NullPointerException e) {
        return (Instant)
            ctxt.handleWeirdStringValue(
                Instant.class, text, "not an ISO-8601 instant like 2026-11-28T00:00:00Z");
      }
    }
  }
}
