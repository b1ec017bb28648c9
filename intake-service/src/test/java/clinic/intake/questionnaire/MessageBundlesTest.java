package clinic.intake.questionnaire;

import static org.assertj.core.api.Assertions.assertThat;

import clinic.events.questionnaire.Question;
import clinic.events.questionnaire.Questionnaire;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Properties;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every question, section and answer of the questionnaire is worded in English and Spanish. */
class MessageBundlesTest {

  @ParameterizedTest
  @ValueSource(strings = {"messages.properties", "messages_es.properties"})
  void everyPartOfTheQuestionnaireHasWording(String bundle) throws IOException {
    var messages = load(bundle);
    var missing = new ArrayList<String>();
    for (var section :
        Questionnaire.VERSIONS.stream().flatMap(q -> q.sections().stream()).toList()) {
      require(messages, "section." + section.id(), missing);
      for (var question : section.questions()) {
        require(messages, "question." + question.id(), missing);
        if (question.type() == Question.Type.BOOLEAN) {
          require(messages, "answer.true", missing);
          require(messages, "answer.false", missing);
        }
        for (var option : question.options()) {
          if (!messages.containsKey("option." + question.id() + "." + option)) {
            require(messages, "option." + option, missing);
          }
        }
      }
    }
    assertThat(missing).isEmpty();
  }

  @org.junit.jupiter.api.Test
  void spanishHasEveryMessageEnglishHas() throws IOException {
    var english = load("messages.properties");
    var spanish = load("messages_es.properties");

    assertThat(spanish.stringPropertyNames())
        .containsExactlyInAnyOrderElementsOf(english.stringPropertyNames());
  }

  private static void require(Properties messages, String key, ArrayList<String> missing) {
    var value = messages.getProperty(key);
    if (value == null || value.isBlank()) {
      missing.add(key);
    }
  }

  private static Properties load(String bundle) throws IOException {
    var properties = new Properties();
    try (var in = MessageBundlesTest.class.getResourceAsStream("/" + bundle)) {
      properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
    }
    return properties;
  }
}
