-- The click stream over click_events, as the seed declares it. clicksim also writes
-- eventId, shopperId and sessionId into each event; the stream ignores fields it does not declare.
-- Windows run on the record timestamp (ROWTIME), which clicksim sets to the click's event time.
CREATE STREAM IF NOT EXISTS click_events_stream (
  itemId STRING,
  campaignId STRING,
  timestamp STRING
) WITH (
  KAFKA_TOPIC='click_events',
  VALUE_FORMAT='JSON',
  PARTITIONS=3
);
