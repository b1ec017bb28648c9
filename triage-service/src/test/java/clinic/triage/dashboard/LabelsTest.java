package clinic.triage.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import clinic.events.Cause;
import clinic.events.Route;
import clinic.events.TriageDecided.Strength;
import clinic.events.Urgency;
import clinic.events.questionnaire.Question;
import clinic.events.questionnaire.Questionnaire;
import clinic.triage.referral.ReferralStatus;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.support.ResourceBundleMessageSource;

/** Clinicians read words, not ids: every question, option and code has a written label. */
class LabelsTest {

  static Properties bundle = new Properties();
  static Labels labels;

  @BeforeAll
  static void load() throws IOException {
    try (InputStream in = LabelsTest.class.getResourceAsStream("/messages.properties")) {
      bundle.load(in);
    }
    var messages = new ResourceBundleMessageSource();
    messages.setBasename("messages");
    messages.setDefaultEncoding("UTF-8");
    labels = new Labels(messages);
  }

  @Test
  void everyClinicalQuestionOfTheCurrentQuestionnaireHasALabel() {
    Set<String> missing =
        Questionnaire.CURRENT
            .clinicalQuestions()
            .map(Question::id)
            .filter(id -> !bundle.containsKey("question." + id))
            .collect(Collectors.toSet());

    assertThat(missing).isEmpty();
  }

  @Test
  void everyOptionOfTheCurrentQuestionnaireHasALabel() {
    Set<String> missing =
        Questionnaire.CURRENT
            .clinicalQuestions()
            .flatMap(q -> q.options().stream())
            .filter(option -> !bundle.containsKey("option." + option))
            .collect(Collectors.toSet());

    assertThat(missing).isEmpty();
  }

  @Test
  void everyCodeTheDashboardShowsHasALabel() {
    List<String> keys =
        Stream.of(
                Stream.of(Route.values()).map(v -> "route." + v),
                Stream.of(Urgency.values()).map(v -> "urgency." + v),
                Stream.of(ReferralStatus.values()).map(v -> "status." + v),
                Stream.of(Cause.values()).map(v -> "cause." + v),
                Stream.of(Strength.values()).map(v -> "strength." + v))
            .flatMap(s -> s)
            .toList();

    assertThat(keys).allMatch(bundle::containsKey);
  }

  @Test
  void answersReadAsWords() {
    assertThat(labels.question("painRadiatesDownLeg"))
        .isEqualTo("Pain travels from the back down the leg");
    assertThat(labels.answer(true)).isEqualTo("Yes");
    assertThat(labels.answer(List.of("LOWER_BACK", "BELOW_KNEE")))
        .isEqualTo("Lower back, Below the knee");
    assertThat(labels.answer(8)).isEqualTo("8");
    assertThat(labels.answer(72.50)).isEqualTo("72.5");
    assertThat(labels.route(Route.SURGICAL_CONSULT)).isEqualTo("Surgical consult");
  }

  @Test
  void anUnlabelledIdIsShownAsWords() {
    assertThat(labels.question("timeSinceLastFlareUp")).isEqualTo("Time since last flare up");
    assertThat(labels.option("NEW_OPTION_VALUE")).isEqualTo("New option value");
    assertThat(Labels.humanise("stage2Result")).isEqualTo("Stage 2 result");
  }

  @Test
  void waitingTimesAreShortAndReadable() {
    assertThat(Times.duration(Duration.ofSeconds(20))).isEqualTo("less than a minute");
    assertThat(Times.duration(Duration.ofMinutes(12))).isEqualTo("12 min");
    assertThat(Times.duration(Duration.ofMinutes(125))).isEqualTo("2 h 5 min");
    assertThat(Times.duration(Duration.ofHours(3))).isEqualTo("3 h");
    assertThat(Times.duration(Duration.ofHours(76))).isEqualTo("3 d 4 h");
  }
}
