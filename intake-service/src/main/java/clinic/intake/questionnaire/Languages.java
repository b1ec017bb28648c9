package clinic.intake.questionnaire;

import java.util.List;
import java.util.Locale;

/** The languages the questionnaire is written in; anything else is shown in English. */
public final class Languages {

  public static final List<String> SUPPORTED = List.of("en", "es");

  private Languages() {}

  /** {@code en} or {@code es}: the language the bundles actually answered in. */
  public static String of(Locale locale) {
    return locale != null && SUPPORTED.contains(locale.getLanguage()) ? locale.getLanguage() : "en";
  }
}
