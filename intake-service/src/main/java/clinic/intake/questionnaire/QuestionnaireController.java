package clinic.intake.questionnaire;

import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.util.Locale;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Serves the questionnaire definitions, worded in the request's language. */
@RestController
@RequestMapping("/api/questionnaires")
class QuestionnaireController {

  private final QuestionnaireStore questionnaires;
  private final Labels labels;

  QuestionnaireController(QuestionnaireStore questionnaires, Labels labels) {
    this.questionnaires = questionnaires;
    this.labels = labels;
  }

  @GetMapping("/current")
  QuestionnaireView current(Locale locale) {
    return QuestionnaireView.from(questionnaires.current(), labels, locale);
  }

  @GetMapping("/{version}")
  @ApiResponse(responseCode = "200", description = "The questionnaire of this version.")
  @ApiResponse(responseCode = "404", description = "No questionnaire of this version.")
  QuestionnaireView version(@PathVariable String version, Locale locale) {
    var questionnaire =
        questionnaires
            .find(version)
            .orElseThrow(
                () ->
                    new UnknownQuestionnaire(
                        version,
                        labels.message("problem.questionnaireNotFound.title", locale),
                        labels.message("problem.questionnaireNotFound.detail", locale, version)));
    return QuestionnaireView.from(questionnaire, labels, locale);
  }
}
