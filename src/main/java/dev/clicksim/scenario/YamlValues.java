package dev.clicksim.scenario;

import static dev.clicksim.scenario.Check.fail;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.jsontype.NamedType;
import com.fasterxml.jackson.databind.jsontype.TypeDeserializer;
import com.fasterxml.jackson.databind.jsontype.TypeIdResolver;
import com.fasterxml.jackson.databind.jsontype.impl.AsWrapperTypeDeserializer;
import com.fasterxml.jackson.databind.jsontype.impl.StdTypeResolverBuilder;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * How Jackson reads the scenario values that have a syntax of their own: durations ({@code 90s}),
 * speeds ({@code max}), shares ({@code 2%}), the values of distributions (durations or numbers, by
 * the field) and the one-key maps of rate profiles and distributions ({@code {constant: 5}}, or
 * just {@code 5}). A problem is an {@link InvalidFieldException}; Jackson adds the path of the
 * value to it.
 */
final class YamlValues {
  /**
   * The per-read attribute that says whether the distribution being read is a count (true) or a
   * time (false).
   */
  private static final Object COUNTS = new Object();

  private static final String DURATION =
      "must be a duration such as 90s, 8m, 2h, 500ms or PT8M, was ";

  private YamlValues() {}

  /**
   * The current token as a problem message shows it: {@code 'text'}, {@code 2.5}, {@code a list},
   * {@code a mapping}.
   */
  static String got(JsonParser p) throws IOException {
    JsonToken t = p.currentToken();
    if (t == JsonToken.START_ARRAY) {
      return "a list";
    }
    if (t == JsonToken.START_OBJECT || t == JsonToken.FIELD_NAME) {
      return "a mapping";
    }
    if (t == null || t == JsonToken.VALUE_NULL) {
      return "nothing";
    }
    return t == JsonToken.VALUE_STRING ? quoted(p.getText()) : shortened(p.getText());
  }

  /**
   * User text in single quotes, one line and at most about 60 characters, so a message never runs
   * on.
   */
  static String quoted(String text) {
    return "'" + shortened(text) + "'";
  }

  static String shortened(String text) {
    StringBuilder sb = new StringBuilder();
    text.codePoints()
        .limit(60)
        .forEach(
            c -> {
              if (c < 0x20 || c == 0x7f || c == 0x2028 || c == 0x2029) {
                sb.append(c == '\n' ? "\\n" : c == '\t' ? "\\t" : String.format("\\u%04x", c));
              } else {
                sb.appendCodePoint(c);
              }
            });
    long length = text.codePoints().count();
    return length > 60 ? sb + "... (" + length + " characters)" : sb.toString();
  }

  private static String scalar(JsonParser p, String expected) throws IOException {
    if (!p.currentToken().isScalarValue()) {
      throw fail("", expected + got(p));
    }
    String text = p.getText();
    if (text.length() > 100) {
      throw fail("", expected + got(p));
    }
    return text;
  }

  private static Duration duration(JsonParser p) throws IOException {
    String text = scalar(p, DURATION);
    try {
      return Durations.parse(text);
    } catch (IllegalArgumentException e) {
      throw fail("", e.getMessage());
    }
  }

  static final class DurationValue extends JsonDeserializer<Duration> {
    @Override
    public Duration deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      return duration(p);
    }
  }

  /**
   * A positive number of scenario seconds per wall second, or {@code max}; the scenario checks it
   * is positive.
   */
  static final class Speed extends JsonDeserializer<Double> {
    @Override
    public Double deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      if (p.currentToken().isNumeric()) {
        return p.getDoubleValue();
      }
      String expected = "must be a number of scenario seconds per wall second, or max; was ";
      if (scalar(p, expected).strip().toLowerCase(Locale.ROOT).equals("max")) {
        return Scenario.MAX_SPEED;
      }
      throw fail("", expected + got(p));
    }
  }

  /**
   * A share as a fraction ({@code 0.02}) or a percentage ({@code 2%}); the record checks the range.
   */
  static final class Share extends JsonDeserializer<Double> {
    @Override
    public Double deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      if (p.currentToken().isNumeric()) {
        return p.getDoubleValue();
      }
      String expected = "must be a share such as 2% or 0.02, was ";
      String text = scalar(p, expected).strip();
      if (!text.endsWith("%")) {
        throw fail("", expected + got(p));
      }
      try {
        return Shares.parse(text);
      } catch (IllegalArgumentException e) {
        throw fail("", e.getMessage());
      }
    }
  }

  /**
   * A value of a distribution: milliseconds from a duration in a time distribution, a number in a
   * count one.
   */
  @JsonDeserialize(using = QuantityValue.class)
  record Quantity(double value, boolean whole) {}

  static final class QuantityValue extends JsonDeserializer<Quantity> {
    @Override
    public Quantity deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      if (ctxt.getAttribute(COUNTS) != Boolean.TRUE) {
        return new Quantity(duration(p).toMillis(), false);
      }
      if (!p.currentToken().isNumeric()) {
        throw fail("", "must be a number, was " + got(p));
      }
      return new Quantity(p.getDoubleValue(), true);
    }
  }

  /** A distribution of durations, for the fields that take one. */
  static class TimeDistribution extends JsonDeserializer<Distribution> {
    boolean counts() {
      return false;
    }

    @Override
    public Distribution deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      Object outer = ctxt.getAttribute(COUNTS);
      ctxt.setAttribute(COUNTS, counts());
      try {
        return ctxt.readValue(p, Distribution.class);
      } finally {
        ctxt.setAttribute(COUNTS, outer);
      }
    }

    // The field's annotation chose this deserializer; it reads the kind itself, through Kinds.
    @Override
    public Object deserializeWithType(
        JsonParser p, DeserializationContext ctxt, TypeDeserializer typeDeserializer)
        throws IOException {
      return deserialize(p, ctxt);
    }
  }

  /** A distribution of counts, for the fields that take one. */
  static final class CountDistribution extends TimeDistribution {
    @Override
    boolean counts() {
      return true;
    }
  }

  /**
   * Reads the one-key maps naming a kind (Jackson's wrapper-object type ids, as listed in
   * {@code @JsonSubTypes}) with the kind in the field path, a bare scalar as the {@code constant}
   * kind, and messages that list the kinds.
   */
  static final class Kinds extends StdTypeResolverBuilder {
    @Override
    public TypeDeserializer buildTypeDeserializer(
        DeserializationConfig config, JavaType baseType, Collection<NamedType> subtypes) {
      TypeIdResolver ids =
          idResolver(config, baseType, subTypeValidator(config), subtypes, false, true);
      return new KindDeserializer(baseType, ids);
    }
  }

  private static final class KindDeserializer extends AsWrapperTypeDeserializer {
    private static final long serialVersionUID = 1L;
    private static final Set<String> COUNT_ONLY = Set.of("geometric", "poisson");

    KindDeserializer(JavaType baseType, TypeIdResolver ids) {
      super(baseType, ids, null, false, null);
    }

    private KindDeserializer(KindDeserializer src, BeanProperty property) {
      super(src, property);
    }

    @Override
    public TypeDeserializer forProperty(BeanProperty property) {
      return property == _property ? this : new KindDeserializer(this, property);
    }

    @Override
    public Object deserializeTypedFromObject(JsonParser p, DeserializationContext ctxt)
        throws IOException {
      return read(p, ctxt);
    }

    @Override
    public Object deserializeTypedFromArray(JsonParser p, DeserializationContext ctxt)
        throws IOException {
      return read(p, ctxt);
    }

    @Override
    public Object deserializeTypedFromScalar(JsonParser p, DeserializationContext ctxt)
        throws IOException {
      return read(p, ctxt);
    }

    @Override
    public Object deserializeTypedFromAny(JsonParser p, DeserializationContext ctxt)
        throws IOException {
      return read(p, ctxt);
    }

    private Object read(JsonParser p, DeserializationContext ctxt) throws IOException {
      boolean profile = _baseType.getRawClass() == RateProfile.class;
      boolean counts = ctxt.getAttribute(COUNTS) == Boolean.TRUE;
      String what = profile ? "rate profile" : counts ? "count distribution" : "time distribution";
      List<String> kinds =
          Arrays.stream(_baseType.getRawClass().getAnnotation(JsonSubTypes.class).value())
              .map(JsonSubTypes.Type::name)
              .filter(k -> profile || counts || !COUNT_ONLY.contains(k))
              .toList();
      if (p.currentToken().isScalarValue()) {
        return _findDeserializer(ctxt, "constant").deserialize(p, ctxt);
      }
      String example =
          profile
              ? "{constant: 50}"
              : counts ? "{geometric: {mean: 4}}" : "{exponential: {mean: 5s}}";
      String shape =
          "must be a "
              + what
              + " written as one of "
              + String.join(", ", kinds)
              + ", e.g. "
              + example
              + "; was ";
      if (p.currentToken() != JsonToken.START_OBJECT) {
        throw fail("", shape + got(p));
      }
      String kind = p.nextFieldName();
      if (kind == null) {
        throw fail("", shape + "an empty mapping");
      }
      if (!kinds.contains(kind)) {
        throw fail(
            "",
            "unknown " + what + " " + quoted(kind) + " (known: " + String.join(", ", kinds) + ")");
      }
      p.nextToken();
      Object value;
      try {
        value = _findDeserializer(ctxt, kind).deserialize(p, ctxt);
      } catch (RuntimeException | JsonMappingException e) {
        throw JsonMappingException.wrapWithPath(e, null, kind);
      }
      if (p.nextToken() != JsonToken.END_OBJECT) {
        throw fail(
            "",
            "must name one kind, e.g. "
                + example
                + "; has a second key "
                + quoted(p.currentName()));
      }
      return value;
    }
  }
}
