package clinic.triage.dashboard;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** Times as the dashboard shows them: waiting times in words, moments in the clinic's zone. */
@Component
class Times {

  private final Clock clock;
  private final DateTimeFormatter moment;

  Times(@Value("${dashboard.time-zone:UTC}") ZoneId zone) {
    this.clock = Clock.system(zone);
    this.moment =
        DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm z", Locale.ENGLISH)
            .withZone(clock.getZone());
  }

  /** "waiting 2 h 5 min", "waiting 3 d 4 h", "waiting less than a minute". */
  public String waiting(Instant since) {
    return "waiting " + duration(Duration.between(since, clock.instant()));
  }

  static String duration(Duration waited) {
    if (waited.isNegative() || waited.toMinutes() < 1) {
      return "less than a minute";
    }
    long days = waited.toDays();
    long hours = waited.toHoursPart();
    long minutes = waited.toMinutesPart();
    if (days > 0) {
      return days + " d" + (hours > 0 ? " " + hours + " h" : "");
    }
    if (hours > 0) {
      return hours + " h" + (minutes > 0 ? " " + minutes + " min" : "");
    }
    return minutes + " min";
  }

  /** "24 Nov 2026, 15:25 UTC". */
  public String moment(Instant instant) {
    return instant == null ? "" : moment.format(instant);
  }

  /** The machine-readable form for a {@code <time datetime>} attribute. */
  public String iso(Instant instant) {
    return instant == null ? "" : instant.toString();
  }
}
