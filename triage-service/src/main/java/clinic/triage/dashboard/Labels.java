package clinic.triage.dashboard;

import java.math.BigDecimal;
import java.util.Collection;
import java.util.Locale;
import java.util.stream.Collectors;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

/**
 * Readable words for question ids, answer options and the service's codes, from {@code
 * messages.properties}. Anything without an entry is shown as its id turned into words, so a new
 * question appears readable before someone writes its label.
 */
@Component
public class Labels {

  /** The dashboard is for the clinic's staff, who read English; patients' languages vary. */
  private static final Locale LOCALE = Locale.ENGLISH;

  private final MessageSource messages;

  Labels(MessageSource messages) {
    this.messages = messages;
  }

  public String question(String id) {
    return label("question." + id, id);
  }

  public String option(String value) {
    return label("option." + value, value);
  }

  /** A code of one of the service's enums: {@code code("route", Route.SURGICAL_CONSULT)}. */
  public String code(String kind, Enum<?> value) {
    return value == null ? "" : label(kind + "." + value.name(), value.name());
  }

  public String route(Enum<?> route) {
    return code("route", route);
  }

  public String urgency(Enum<?> urgency) {
    return code("urgency", urgency);
  }

  /** What a red flag asks for first, e.g. "Emergency assessment today"; "" for none. */
  public String escalation(Enum<?> escalation) {
    return code("escalation", escalation);
  }

  /** One sentence on what the escalation means for the staff who read it. */
  public String escalationDetail(Enum<?> escalation) {
    return code("escalationDetail", escalation);
  }

  public String status(Enum<?> status) {
    return code("status", status);
  }

  public String routes(Collection<? extends Enum<?>> routes) {
    return routes.stream().map(this::route).collect(Collectors.joining(", "));
  }

  /** An answer as a person reads it: yes or no, option labels, numbers without a stray ".0". */
  public String answer(Object value) {
    if (value == null) {
      return "Not answered";
    }
    if (value instanceof Boolean yes) {
      return yes ? "Yes" : "No";
    }
    if (value instanceof Collection<?> chosen) {
      return chosen.isEmpty()
          ? "None"
          : chosen.stream().map(this::answer).collect(Collectors.joining(", "));
    }
    if (value instanceof Number number) {
      return new BigDecimal(number.toString()).stripTrailingZeros().toPlainString();
    }
    return value instanceof String text ? option(text) : String.valueOf(value);
  }

  private String label(String key, String id) {
    return messages.getMessage(key, null, humanise(id), LOCALE);
  }

  /** {@code painRadiatesDownLeg} and {@code PAIN_RADIATES} become "Pain radiates down leg". */
  static String humanise(String id) {
    if (id == null || id.isBlank()) {
      return "";
    }
    String spaced =
        id.contains("_")
            ? id.replace('_', ' ')
            : id.replaceAll("(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Za-z])(?=[0-9])", " ");
    String lower = spaced.toLowerCase(Locale.ROOT).strip();
    return Character.toUpperCase(lower.charAt(0)) + lower.substring(1);
  }
}
