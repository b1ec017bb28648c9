package clinic.intake.nextstep;

import clinic.events.Escalation;
import clinic.events.Route;
import clinic.events.Urgency;
import java.util.ArrayList;
import java.util.Locale;
import org.springframework.context.MessageSource;

/**
 * The words of the e-mail, from the message bundles in the patient's language. A red flag's
 * escalation (go to an emergency department today, an urgent specialist review) comes first, in the
 * subject and before anything else in the text; the route follows it.
 */
record NextStepEmail(String subject, String text) {

  static NextStepEmail compose(
      MessageSource messages,
      Locale locale,
      Route route,
      Urgency urgency,
      Escalation escalation,
      String packetUrl) {
    var paragraphs = new ArrayList<String>();
    if (escalation != null) {
      paragraphs.add(messages.getMessage("nextStep.escalation." + escalation.name(), null, locale));
    }
    var text =
        String.join(
            "\n\n",
            messages.getMessage("nextStep.greeting", null, locale),
            messages.getMessage("nextStep.intro", null, locale),
            messages.getMessage("nextStep.route." + route.name(), null, locale),
            messages.getMessage("nextStep.urgency." + urgency.name(), null, locale),
            messages.getMessage("nextStep.contact", null, locale),
            messages.getMessage("nextStep.education", new Object[] {packetUrl}, locale),
            messages.getMessage("nextStep.warning", new Object[] {packetUrl}, locale),
            messages.getMessage("nextStep.signoff", null, locale),
            messages.getMessage("nextStep.automatic", null, locale));
    paragraphs.add(text);
    var subject =
        escalation == null
            ? messages.getMessage("nextStep.subject", null, locale)
            : messages.getMessage("nextStep.subject." + escalation.name(), null, locale);
    return new NextStepEmail(subject, String.join("\n\n", paragraphs));
  }
}
