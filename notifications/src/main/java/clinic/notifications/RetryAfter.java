package clinic.notifications;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A {@code Retry-After} field value (RFC 9110 section 10.2.3): delta-seconds or an HTTP-date, in
 * any of the three date formats a recipient must accept (section 5.6.7). The JDK's HttpClient
 * leaves it to us and this module has no Spring Web to lend its date parsers.
 */
final class RetryAfter {

  /** Longer than any cap the dispatcher applies; a longer number of seconds means "very long". */
  private static final Duration VERY_LONG = Duration.ofSeconds(Integer.MAX_VALUE);

  private static final List<DateTimeFormatter> HTTP_DATES =
      List.of(
          // IMF-fixdate: Sun, 06 Nov 1994 08:49:37 GMT
          DateTimeFormatter.RFC_1123_DATE_TIME,
          // obsolete RFC 850: Sunday, 06-Nov-94 08:49:37 GMT (English names, as in all three; a
          // two-digit year falls in the 50 years before or 49 after now, section 5.6.7's rule)
          new DateTimeFormatterBuilder()
              .appendPattern("EEEE, dd-MMM-")
              .appendValueReduced(
                  ChronoField.YEAR, 2, 2, ZonedDateTime.now(ZoneOffset.UTC).getYear() - 50)
              .appendPattern(" HH:mm:ss 'GMT'")
              .toFormatter(Locale.US)
              .withZone(ZoneOffset.UTC),
          // obsolete asctime: Sun Nov  6 08:49:37 1994
          DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.US)
              .withZone(ZoneOffset.UTC));

  private RetryAfter() {}

  /**
   * How long the receiver asked us to wait, counted from {@code now}: zero for a date in the past,
   * empty for a missing or unreadable value (then the back-off alone decides).
   */
  static Optional<Duration> parse(@Nullable String value, Instant now) {
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    String text = value.strip();
    if (text.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return Optional.of(text.length() > 9 ? VERY_LONG : Duration.ofSeconds(Long.parseLong(text)));
    }
    for (DateTimeFormatter format : HTTP_DATES) {
      try {
        Instant at = ZonedDateTime.parse(text, format).toInstant();
        // Rounded up to the millisecond the delivery log schedules in: never a moment early.
        return Optional.of(
            at.isAfter(now)
                ? Duration.between(now, at).plusNanos(999_999).truncatedTo(ChronoUnit.MILLIS)
                : Duration.ZERO);
      } catch (DateTimeParseException notThisFormat) {
        // try the next one
      }
    }
    return Optional.empty();
  }
}
