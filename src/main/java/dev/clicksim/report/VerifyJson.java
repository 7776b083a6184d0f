package dev.clicksim.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
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
    try {
      return fromJson(Files.readString(file));
    } catch (IOException | IllegalArgumentException e) {
      throw new ClicksimFailure(
          ClicksimFailure.Kind.INVALID_INPUT, "cannot read " + file + ": " + e.getMessage(), e);
    }
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
    return JSON.readValue(json, VerificationReport.class);
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
