package clinic.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.junit.jupiter.api.Test;

class ResponseIssuesTest {

  private static final Set<String> KNOWN = Set.of("howMuch", "painNow", "painWorst");

  private static QuestionnaireResponse response() {
    var response = new QuestionnaireResponse();
    var group = response.addItem().setLinkId("howMuch");
    group.addItem().setLinkId("painWorst").addAnswer().setValue(new IntegerType(11));
    return response;
  }

  @Test
  void aMessageOnAnAnswerIsAboutItsItem() {
    assertThat(
            ResponseIssues.linkIdOf(
                "The value 11 is greater than the allowed maximum of 10",
                "QuestionnaireResponse.item[0].item[0].answer[0].value.ofType(integer)",
                response(),
                KNOWN))
        .isEqualTo("painWorst");
  }

  @Test
  void aMissingRequiredItemReportedOnItsGroupIsAboutTheQuestionItQuotes() {
    assertThat(
            ResponseIssues.linkIdOf(
                "No response answer found for required item 'painNow'",
                "QuestionnaireResponse.item[0]",
                response(),
                KNOWN))
        .isEqualTo("painNow");
  }

  @Test
  void aPathBeyondTheResponseStopsAtTheLastItemFound() {
    assertThat(
            ResponseIssues.locate(response(), "QuestionnaireResponse.item[0].item[7]").getLinkId())
        .isEqualTo("howMuch");
    assertThat(ResponseIssues.locate(response(), "QuestionnaireResponse")).isNull();
  }

  @Test
  void oneIssuePerItemWithItsLinkIdFirstAndTheResourceWideOnesLast() {
    var outcome =
        ResponseIssues.outcome(
            List.of(
                new ResponseIssues.Issue(
                    "painWorst",
                    "QuestionnaireResponse.item[0].item[0]",
                    "Too high.",
                    IssueType.INVALID),
                new ResponseIssues.Issue(
                    null, "QuestionnaireResponse.status", "Not completed.", IssueType.INVALID),
                new ResponseIssues.Issue("painWorst", null, "From 0 to 10.", IssueType.INVALID)));

    assertThat(outcome.getIssue()).hasSize(2);
    var first = outcome.getIssue().getFirst();
    assertThat(first.getExpression().getFirst().getValue())
        .isEqualTo("QuestionnaireResponse.repeat(item).where(linkId='painWorst')");
    assertThat(first.getDiagnostics()).isEqualTo("Too high. From 0 to 10.");
    assertThat(outcome.getIssue().get(1).getExpression().getFirst().getValue())
        .isEqualTo("QuestionnaireResponse.status");
  }
}
