package clinic.intake.nextstep;

import clinic.events.Route;
import clinic.events.Urgency;
import java.util.Locale;
import org.springframework.context.MessageSource;

/** The words of the e-mail, from the message bundles in the patient's language. */
record NextStepEmail(String subject, String text) {

  static NextStepEmail compose(
      MessageSource messages, Locale locale, Route route, Urgency urgency, String packetUrl) {
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
    return new NextStepEmail(messages.getMessage("nextStep.subject", null, locale), text);
  }
}
