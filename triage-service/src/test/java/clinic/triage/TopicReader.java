package clinic.triage;

import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.utils.KafkaTestUtils;

/** Reads a topic from its beginning, on all partitions, collecting every record it sees. */
public final class TopicReader implements AutoCloseable {

  public static final Duration WAIT = Duration.ofSeconds(30);

  private final KafkaConsumer<String, String> consumer;
  private final List<ConsumerRecord<String, String>> seen = new ArrayList<>();

  public TopicReader(EmbeddedKafkaBroker broker, String topic) {
    Map<String, Object> props =
        new HashMap<>(KafkaTestUtils.consumerProps(broker, "test-" + UUID.randomUUID(), false));
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
    List<TopicPartition> partitions =
        consumer.partitionsFor(topic, WAIT).stream()
            .map(p -> new TopicPartition(topic, p.partition()))
            .toList();
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
  }

  /** The first record with this key, waiting for it to arrive. */
  public ConsumerRecord<String, String> awaitOne(String key) {
    return awaitCount(key, 1).getFirst();
  }

  /** The records with this key once there are at least {@code count} of them. */
  public List<ConsumerRecord<String, String>> awaitCount(String key, int count) {
    await()
        .atMost(WAIT)
        .until(
            () -> {
              pollFor(Duration.ofMillis(200));
              return withKey(key).size() >= count;
            });
    return withKey(key);
  }

  public void pollFor(Duration duration) {
    consumer.poll(duration).forEach(seen::add);
  }

  public List<ConsumerRecord<String, String>> withKey(String key) {
    return seen.stream().filter(r -> key.equals(r.key())).toList();
  }

  public static Map<String, String> headers(ConsumerRecord<?, ?> record) {
    Map<String, String> headers = new HashMap<>();
    for (Header header : record.headers()) {
      headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
    }
    return headers;
  }

  @Override
  public void close() {
    consumer.close();
  }
}
