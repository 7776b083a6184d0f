package dev.clicksim.stack;

import dev.clicksim.verify.WindowKey;
import java.util.Map;

/**
 * The pipeline's topics read back, for verify's three-way accounting: {@code click_events} as the
 * windowed count reads it, and the windowed count's last output per window.
 */
public interface PipelineTopics {

  /** One record of {@code click_events}, as the windowed count sees it. */
  @FunctionalInterface
  interface ClickRecordSink {
    /**
     * @param campaignId the campaign ksqlDB's JSON format reads from the value; null when the
     *     windowed count counts the record nowhere (no campaign, not a JSON object)
     * @param eventId the value's event id, or null
     */
    void accept(int partition, long timestampMs, String campaignId, String eventId);
  }

  /**
   * What was read.
   *
   * @param records records read
   * @param bytes value bytes read
   * @param fromBeginning partitions read from their first offset (no start position recorded, or
   *     the records before it have been deleted)
   */
  record ReadStats(long records, long bytes, int partitions, int fromBeginning) {}

  /** How many partitions {@code click_events} has. */
  int inputPartitions();

  /**
   * Reads {@code click_events} with {@code isolation.level=read_committed}, each partition from
   * {@code fromOffsets} (or its first offset) to its end as it is now, in offset order: the records
   * of one partition reach {@code sink} in order, all on the calling thread.
   */
  ReadStats readClicks(Map<Integer, Long> fromOffsets, ClickRecordSink sink);

  /**
   * The last count the windowed count wrote for each window of the campaigns starting with {@code
   * campaignPrefix}, from its output topic's windowed keys and {@code CLICK_COUNT} values; a window
   * whose last record is a tombstone is absent.
   */
  Map<WindowKey, Long> readOutputCounts(String campaignPrefix);
}
