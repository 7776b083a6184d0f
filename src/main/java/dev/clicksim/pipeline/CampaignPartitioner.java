package dev.clicksim.pipeline;

import java.nio.charset.StandardCharsets;
import java.util.function.ToIntFunction;
import org.apache.kafka.common.utils.Utils;

/**
 * The partition a campaign's clicks land on: Kafka's default partitioner for a String key (murmur2
 * of the UTF-8 bytes), which both the producer (key = campaignId) and Kafka Streams' repartition
 * use. With as many repartition partitions as input partitions, a campaign's clicks stay on one
 * partition in send order: the truth ledger's partition function.
 */
public final class CampaignPartitioner {
  private CampaignPartitioner() {}

  public static int partitionOf(String campaignId, int partitions) {
    return Utils.toPositive(Utils.murmur2(campaignId.getBytes(StandardCharsets.UTF_8)))
        % partitions;
  }

  public static ToIntFunction<String> kafkaDefault(int partitions) {
    if (partitions <= 0) {
      throw new IllegalArgumentException("partitions must be > 0, was " + partitions);
    }
    return campaignId -> partitionOf(campaignId, partitions);
  }
}
