package clinic.intake;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads a topic from its beginning, as an outside consumer would. */
public final class KafkaProbe {

  private KafkaProbe() {}

  /**
   * The records with this key, once at least {@code expected} arrived; then it reads on for a
   * moment so that a duplicate would be seen too.
   */
  public static List<ConsumerRecord<String, String>> records(
      String bootstrapServers, String topic, String key, int expected, Duration timeout) {
    return records(bootstrapServers, topic, java.util.Set.of(key), expected, timeout);
  }

  /** The records with any of these keys, in partition order, once {@code expected} arrived. */
  public static List<ConsumerRecord<String, String>> records(
      String bootstrapServers,
      String topic,
      java.util.Set<String> keys,
      int expected,
      Duration timeout) {
    var config =
        Map.<String, Object>of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrapServers,
            ConsumerConfig.GROUP_ID_CONFIG,
            "probe-" + UUID.randomUUID(),
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
            "earliest",
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
            false);
    try (var consumer =
        new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
      var partitions =
          consumer.partitionsFor(topic, timeout).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      var found = new ArrayList<ConsumerRecord<String, String>>();
      long deadline = System.nanoTime() + timeout.toNanos();
      long settle = Long.MAX_VALUE;
      while (System.nanoTime() < Math.min(deadline, settle)) {
        for (var record : consumer.poll(Duration.ofMillis(200))) {
          if (keys.contains(record.key())) {
            found.add(record);
          }
        }
        if (found.size() >= expected && settle == Long.MAX_VALUE) {
          settle = System.nanoTime() + Duration.ofSeconds(1).toNanos();
        }
      }
      return found;
    }
  }
}
