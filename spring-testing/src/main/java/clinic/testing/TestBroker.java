package clinic.testing;

import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.test.context.DynamicPropertyRegistrar;

/**
 * One real (KRaft) Kafka broker for the whole test JVM, three partitions per topic, loopback only.
 * Every application context that imports this uses it and sees it as its {@link
 * EmbeddedKafkaBroker} bean. Contexts share the broker safely because the test framework pauses a
 * cached context's listeners while another context runs (Spring Framework 7's context pausing), so
 * only one member of a service's consumer group is ever active.
 */
@TestConfiguration(proxyBeanMethods = false)
public class TestBroker {

  private static EmbeddedKafkaKraftBroker broker;

  /** The JVM's broker, started on first use. */
  public static synchronized EmbeddedKafkaBroker shared() {
    if (broker == null) {
      broker = new EmbeddedKafkaKraftBroker(1, 3);
      broker.afterPropertiesSet();
      // Stopped once Spring has closed every application context, whose consumers and producers
      // would otherwise wait for a broker that is gone.
      SpringApplication.getShutdownHandlers().add(broker::destroy);
    }
    return broker;
  }

  /** Registered as an object, not a bean definition: no context starts or stops it. */
  @Bean
  static BeanFactoryPostProcessor sharedBroker() {
    return beanFactory -> beanFactory.registerSingleton("embeddedKafka", shared());
  }

  @Bean
  static DynamicPropertyRegistrar brokerAddress() {
    return registry ->
        registry.add("spring.kafka.bootstrap-servers", () -> shared().getBrokersAsString());
  }
}
