-- The table the sink upserts into, created with the database so that Grafana's dashboard has it from the start.
-- ksqlDB writes upper-case column names, and the campaign id only as ID: CAMPAIGNID is the table's key, which on the
-- topic is binary (campaign + window start), so the sink keys on the value fields (ID, START_TIME).
-- clicksim provision finds this table and leaves it as it is.
CREATE TABLE IF NOT EXISTS click_counts (
  "ID" text NOT NULL,
  "CLICK_COUNT" bigint NOT NULL,
  "START_TIME" timestamp NOT NULL,
  "END_TIME" timestamp NOT NULL,
  PRIMARY KEY ("ID", "START_TIME")
);
