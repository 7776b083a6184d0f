package dev.clicksim.stack;

import dev.clicksim.failure.ClicksimFailure;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;

/**
 * What the Kafka Admin API says of a topic: its partition count and its highest record timestamp.
 */
final class KafkaTopics {

  private KafkaTopics() {}

  /**
   * How many partitions a topic has: the truth's partitioner must use the real count, not the one
   * clicksim would create.
   */
  static int partitions(Map<String, Object> clientProperties, String topic) {
    try (Admin admin = Admin.create(clientProperties)) {
      return admin
          .describeTopics(java.util.List.of(topic))
          .allTopicNames()
          .get(20, TimeUnit.SECONDS)
          .get(topic)
          .partitions()
          .size();
    } catch (ExecutionException | TimeoutException e) {
      throw new ClicksimFailure(
          ClicksimFailure.Kind.INFRASTRUCTURE,
          "cannot describe topic " + topic + ": " + e.getMessage(),
          e);
    } catch (InterruptedException e) {
      throw ClicksimFailure.interrupted("while asking Kafka about topic " + topic, e);
    }
  }

  /**
   * The highest record timestamp, from the brokers' time indexes (ListOffsets with max timestamp).
   */
  static OptionalLong latest(Map<String, Object> clientProperties, String topic) {
    try (Admin admin = Admin.create(clientProperties)) {
      TopicDescription d =
          admin
              .describeTopics(java.util.List.of(topic))
              .allTopicNames()
              .get(20, TimeUnit.SECONDS)
              .get(topic);
      Map<TopicPartition, OffsetSpec> request = new HashMap<>();
      d.partitions()
          .forEach(
              p ->
                  request.put(new TopicPartition(topic, p.partition()), OffsetSpec.maxTimestamp()));
      long max = -1;
      for (ListOffsetsResult.ListOffsetsResultInfo info :
          admin.listOffsets(request).all().get(20, TimeUnit.SECONDS).values()) {
        if (info.offset() >= 0) {
          max = Math.max(max, info.timestamp());
        }
      }
      return max < 0 ? OptionalLong.empty() : OptionalLong.of(max);
    } catch (ExecutionException | TimeoutException e) {
      throw new ClicksimFailure(
          ClicksimFailure.Kind.INFRASTRUCTURE,
          "cannot read the latest timestamp of topic " + topic + ": " + e.getMessage(),
          e);
    } catch (InterruptedException e) {
      throw ClicksimFailure.interrupted("while asking Kafka about topic " + topic, e);
    }
  }
}
