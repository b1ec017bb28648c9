package clinic.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import clinic.fhir.FormFiller;
import clinic.fhir.Validation;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Questionnaire;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * FHIR end to end, through the gateway, as an EHR would use it: the Questionnaire out of
 * intake-service; a response written from that Questionnaire alone by code that knows nothing of
 * the project's questionnaire definition; the intake it becomes, decided by triage; its referral
 * read back as a ServiceRequest. Every resource the system produced validates with zero errors.
 */
@ExtendWith(SharedStack.class)
class FhirRoundTripIT {

  private static final Duration PIPELINE = Duration.ofSeconds(60);
  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .build();

  private static RunningStack stack;
  private static Validation validation;

  @BeforeAll
  static void start(RunningStack shared) {
    stack = shared;
    validation = Validation.knowing(List.of());
  }

  @Test
  void questionnaireOutResponseInDecisionOutAsAServiceRequest() throws Exception {
    String frontDesk = stack.token("demo-front-desk");
    String clinician = stack.token("demo-clinician");

    HttpResponse<String> current = get(stack.site("/api/questionnaires/current"), frontDesk);
    assertThat(current.statusCode()).isEqualTo(200);
    String version = current.body().replaceAll("(?s).*\"version\"\\s*:\\s*\"([^\"]+)\".*", "$1");
    HttpResponse<String> served = get(stack.site("/fhir/Questionnaire/" + version), frontDesk);
    assertThat(served.statusCode()).as(served.body()).isEqualTo(200);
    Questionnaire questionnaire = parse(served.body(), Questionnaire.class);
    assertThat(errors(questionnaire)).as("the Questionnaire").isEmpty();

    QuestionnaireResponse answers = FormFiller.fill(questionnaire);
    HttpResponse<String> created =
        send(
            HttpRequest.newBuilder(stack.site("/fhir/QuestionnaireResponse"))
                .header("Authorization", "Bearer " + frontDesk)
                .header("Content-Type", "application/fhir+json")
                .POST(HttpRequest.BodyPublishers.ofString(json(answers))));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String location = created.headers().firstValue("Location").orElseThrow();
    String intakeId = location.replaceAll(".*/QuestionnaireResponse/([0-9a-f-]{36}).*", "$1");

    HttpResponse<String> stored =
        get(stack.site("/fhir/QuestionnaireResponse/" + intakeId), frontDesk);
    assertThat(stored.statusCode()).isEqualTo(200);
    var readBack = parse(stored.body(), QuestionnaireResponse.class);
    assertThat(errors(readBack)).as("the stored QuestionnaireResponse").isEmpty();

    URI search = stack.site("/fhir/ServiceRequest?identifier=" + intakeId);
    Bundle found =
        await()
            .atMost(PIPELINE)
            .pollInterval(Duration.ofMillis(250))
            .until(
                () -> parse(get(search, clinician).body(), Bundle.class), b -> b.getTotal() == 1);
    ServiceRequest referral = (ServiceRequest) found.getEntryFirstRep().getResource();
    assertThat(errors(found)).as("the ServiceRequest search").isEmpty();
    // The filler says yes to every yes/no question, red flags included: an emergency.
    assertThat(referral.getPriority()).isEqualTo(ServiceRequest.ServiceRequestPriority.STAT);
    assertThat(referral.getStatus()).isEqualTo(ServiceRequest.ServiceRequestStatus.DRAFT);
    assertThat(referral.getSupportingInfoFirstRep().getReference())
        .endsWith("/fhir/QuestionnaireResponse/" + intakeId);
    assertThat(referral.getNote()).anySatisfy(n -> assertThat(n.getText()).startsWith("Red flags"));
  }

  private static List<String> errors(IBaseResource resource) {
    return validation.errors(resource);
  }

  private static <T extends IBaseResource> T parse(String body, Class<T> type) {
    return Validation.R4.newJsonParser().parseResource(type, body);
  }

  private static String json(IBaseResource resource) {
    return Validation.R4.newJsonParser().encodeResourceToString(resource);
  }

  private static HttpResponse<String> get(URI uri, String token) throws Exception {
    return send(
        HttpRequest.newBuilder(uri)
            .header("Authorization", "Bearer " + token)
            .header("Accept", "application/fhir+json")
            .GET());
  }

  private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return HTTP.send(
        request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
