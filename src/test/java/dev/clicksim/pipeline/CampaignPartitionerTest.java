package dev.clicksim.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.api.Test;

class CampaignPartitionerTest {
  @Test
  void should_pick_the_partition_kafkas_default_partitioner_picks_for_the_key() {
    for (String id :
        new String[] {"a", "b", "p-spring-sale", "p-free-shipping", "p-new-arrivals", "é😀"}) {
      for (int partitions : new int[] {1, 3, 7}) {
        assertThat(CampaignPartitioner.kafkaDefault(partitions).applyAsInt(id))
            .isEqualTo(
                BuiltInPartitioner.partitionForKey(
                    id.getBytes(StandardCharsets.UTF_8), partitions));
      }
    }
  }
}
