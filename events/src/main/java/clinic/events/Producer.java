package clinic.events;

import java.util.Arrays;
import java.util.Optional;
import java.util.Set;

/**
 * Which service publishes on which topic, and the CloudEvents {@code source} it signs its events
 * with. The single truth for both sides: producers take their {@code ce_source} from here ({@link
 * CloudEventHeaders#of(ClinicEvent)}), and {@link EventReader} accepts an event only from the
 * producer that owns its topic.
 */
public enum Producer {
  INTAKE_SERVICE("/intake-service", Set.of(Topics.INTAKE)),
  TRIAGE_SERVICE("/triage-service", Set.of(Topics.TRIAGE, Topics.REFERRAL)),
  CONTENT_SERVICE("/content-service", Set.of(Topics.EDUCATION));

  private final String source;
  private final Set<String> topics;

  Producer(String source, Set<String> topics) {
    this.source = source;
    this.topics = topics;
  }

  /** The CloudEvents {@code source} of everything this service publishes. */
  public String source() {
    return source;
  }

  public Set<String> topics() {
    return topics;
  }

  /** The one service allowed to publish on a topic; empty for a topic no service owns. */
  public static Optional<Producer> owning(String topic) {
    return Arrays.stream(values()).filter(p -> p.topics.contains(topic)).findFirst();
  }

  /** The service that publishes this kind of event: the owner of the event's topic. */
  public static Producer of(EventType<?> type) {
    return owning(type.topic())
        .orElseThrow(() -> new IllegalStateException("No producer owns " + type.topic()));
  }
}
