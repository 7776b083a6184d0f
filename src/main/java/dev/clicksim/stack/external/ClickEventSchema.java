package dev.clicksim.stack.external;

/**
 * The JSON Schema of a click event on {@code click_events}, as {@link
 * dev.clicksim.pipeline.ClickJson} writes it: six string properties, the timestamp ISO-8601 UTC
 * with milliseconds. Registered under {@code click_events-value} before the ksqlDB stream is
 * created, so ksqlDB finds the subject present and does not register a schema of its own.
 */
public final class ClickEventSchema {

  /** The Schema Registry subject of the click values (TopicNameStrategy: {@code <topic>-value}). */
  public static String subject(String topic) {
    return topic + "-value";
  }

  public static final String JSON =
      "{"
          + "\"$schema\":\"http://json-schema.org/draft-07/schema#\","
          + "\"title\":\"click_event\","
          + "\"description\":\"A click on a product shown in a campaign, as clicksim writes it.\","
          + "\"type\":\"object\","
          + "\"properties\":{"
          + "\"eventId\":{\"type\":\"string\"},"
          + "\"itemId\":{\"type\":\"string\"},"
          + "\"campaignId\":{\"type\":\"string\"},"
          + "\"shopperId\":{\"type\":\"string\"},"
          + "\"sessionId\":{\"type\":\"string\"},"
          + "\"timestamp\":{\"type\":\"string\",\"format\":\"date-time\"}"
          + "},"
          + "\"required\":[\"eventId\",\"itemId\",\"campaignId\",\"shopperId\",\"sessionId\",\"timestamp\"]"
          + "}";

  private ClickEventSchema() {}
}
