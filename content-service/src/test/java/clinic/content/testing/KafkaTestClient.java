package clinic.content.testing;

import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Plain Kafka clients for tests: send a record as another service would, read what was sent. */
public final class KafkaTestClient implements AutoCloseable {

  private final KafkaProducer<String, String> producer;
  private final KafkaConsumer<String, String> consumer;

  public KafkaTestClient() {
    String servers = TestInfrastructure.bootstrapServers();
    producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                servers,
                ProducerConfig.ACKS_CONFIG,
                "all"),
            new StringSerializer(),
            new StringSerializer());
    consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                servers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                "false"),
            new StringDeserializer(),
            new StringDeserializer());
  }

  public void send(String topic, String key, String value, Map<String, String> headers) {
    send(new ProducerRecord<>(topic, key, value), headers);
  }

  /** To one partition, so records with different keys are read in the order they were sent. */
  public void send(
      String topic, int partition, String key, String value, Map<String, String> headers) {
    send(new ProducerRecord<>(topic, partition, key, value), headers);
  }

  private void send(ProducerRecord<String, String> record, Map<String, String> headers) {
    headers.forEach((name, v) -> record.headers().add(name, v.getBytes(StandardCharsets.UTF_8)));
    try {
      producer.send(record).get();
    } catch (Exception e) {
      throw new IllegalStateException("Could not send the test record", e);
    }
  }

  /** Every record on the topic so far with this key, oldest first. */
  public List<ConsumerRecord<String, String>> records(String topic, String key) {
    return records(topic, Set.of(key));
  }

  /** Every record on the topic so far with one of these keys, oldest first in each partition. */
  public List<ConsumerRecord<String, String>> records(String topic, Set<String> keys) {
    List<TopicPartition> partitions =
        consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
            .map(p -> new TopicPartition(topic, p.partition()))
            .toList();
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
    List<ConsumerRecord<String, String>> found = new ArrayList<>();
    while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
      for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
        if (keys.contains(record.key())) {
          found.add(record);
        }
      }
    }
    return found;
  }

  /** Waits until a record with this key that matches arrives on the topic. */
  public ConsumerRecord<String, String> awaitRecord(
      String topic, String key, Predicate<ConsumerRecord<String, String>> matching) {
    return await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> records(topic, key).stream().filter(matching).findFirst(), r -> r.isPresent())
        .orElseThrow();
  }

  public static String header(ConsumerRecord<?, ?> record, String name) {
    Header header = record.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
    consumer.close(Duration.ofSeconds(5));
  }
}
