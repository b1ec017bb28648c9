package clinic.content.system;

import clinic.events.EventReader;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

/** The one event reader, shared by every listener of this service (and the Spring services). */
@Factory
class EventReading {

  @Singleton
  EventReader eventReader(@Value("${content.public-url}") String publicUrl) {
    return new EventReader(publicUrl);
  }
}
