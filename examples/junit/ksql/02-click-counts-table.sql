-- Clicks per campaign in 2-minute tumbling windows. The explicit grace period replaces ksqlDB's
-- default of 24 h minus the window size; clicksim's truth ledger predicts late drops with the same grace.
-- The embedded stack runs this window size and grace (ClicksimExtension reads them from here).
CREATE TABLE IF NOT EXISTS click_counts_table
  WITH (KAFKA_TOPIC='click_counts_table_output', PARTITIONS=3, VALUE_FORMAT='JSON') AS
  SELECT
    campaignId,
    AS_VALUE(campaignId) AS id,
    COUNT(*) AS click_count,
    WINDOWSTART AS start_time,
    WINDOWEND AS end_time
  FROM click_events_stream
  WINDOW TUMBLING (SIZE 2 MINUTES, GRACE PERIOD 1 MINUTE)
  GROUP BY campaignId
  EMIT CHANGES;
