package clinic.content.packet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import clinic.content.library.EducationLibrary;
import clinic.content.testing.Decisions;
import clinic.content.testing.TestInfrastructure;
import clinic.events.Cause;
import clinic.events.Route;
import clinic.events.TriageDecided;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The lifecycle of the patient's link on real PostgreSQL: it expires, it is revoked with its
 * intake, a re-triage's new advice shows through the old link, and only its hash is stored.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PatientLinkTest implements TestPropertyProvider {

  private static final String BROWSER = "text/html,application/xhtml+xml,*/*;q=0.8";

  @Inject
  @Client("/")
  HttpClient http;

  @Inject PacketAssembler assembler;
  @Inject PacketRepository packets;
  @Inject PacketItemRepository packetItems;
  @Inject IntakeWithdrawals withdrawals;
  @Inject EducationLibrary library;

  @Override
  public Map<String, String> getProperties() {
    return TestInfrastructure.properties();
  }

  @Test
  void linkOlderThanItsLifetimeShowsTheExpiredPageAndNothingOfThePacket() {
    IssuedPacket old = assembledAt(Instant.now().minus(Duration.ofDays(91)));
    IssuedPacket young = assembledAt(Instant.now().minus(Duration.ofDays(89)));

    HttpResponse<?> expired = browserGet(old, "es-MX,es;q=0.9");

    assertThat(expired.code()).isEqualTo(410);
    assertThat(expired.header("Content-Security-Policy"))
        .isEqualTo(PatientPage.CONTENT_SECURITY_POLICY);
    assertThat(expired.header("Cache-Control")).isEqualTo("no-store");
    String page = expired.getBody(String.class).orElseThrow();
    assertThat(page)
        .contains("<html lang=\"es\">")
        .contains("<h1 id=\"expired-es\">Este enlace ha caducado</h1>")
        .contains("Pida a la clínica uno nuevo")
        .contains("<section lang=\"en\" aria-labelledby=\"expired-en\">")
        .contains("Please ask the clinic for a new one.");
    assertLeaksNothing(page, old);
    assertThat(page(young).code()).isEqualTo(200);
  }

  @Test
  void expiredLinkIsGoneProblemDetailsForAnApiClient() {
    IssuedPacket old = assembledAt(Instant.now().minus(Duration.ofDays(120)));

    HttpResponse<?> response = error(HttpRequest.GET("/education/" + old.accessToken()));

    assertThat(response.code()).isEqualTo(410);
    assertThat(response.getContentType().map(Object::toString))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
    assertThat(response.getBody(String.class).orElseThrow()).doesNotContain("Sciatica");
  }

  @Test
  void withdrawnIntakesLinksShowTheNoLongerAvailablePageAndNothingOfThePacket() {
    UUID intake = UUID.randomUUID();
    IssuedPacket first = assemble(Decisions.herniatedDisc(intake, "en"));
    IssuedPacket second =
        assemble(
            Decisions.decision(
                intake, 2, "en", Route.PHYSICAL_THERAPY, List.of(Cause.MENISCUS_TEAR), List.of()));
    assertThat(page(first).code()).isEqualTo(200);

    withdrawals.withdraw(UUID.randomUUID(), Withdrawals.of(intake));

    for (IssuedPacket link : List.of(first, second)) {
      HttpResponse<?> revoked = browserGet(link, "en");
      assertThat(revoked.code()).isEqualTo(410);
      assertThat(revoked.header("Content-Security-Policy"))
          .isEqualTo(PatientPage.CONTENT_SECURITY_POLICY);
      String page = revoked.getBody(String.class).orElseThrow();
      assertThat(page)
          .contains("<html lang=\"en\">")
          .contains("<h1 id=\"revoked-en\">This information is no longer available</h1>")
          .contains("<section lang=\"es\" aria-labelledby=\"revoked-es\">")
          .doesNotContainIgnoringCase("withdraw")
          .doesNotContainIgnoringCase("expired");
      assertLeaksNothing(page, link);
    }
    assertThat(packets.findByIntakeIdOrderByVersion(intake))
        .allSatisfy(packet -> assertThat(packet.revokedAt()).isNotNull());
  }

  @Test
  void packetAssembledAfterTheWithdrawalIsBornRevoked() {
    UUID intake = UUID.randomUUID();
    withdrawals.withdraw(UUID.randomUUID(), Withdrawals.of(intake));

    IssuedPacket late = assemble(Decisions.herniatedDisc(intake, "en"));

    assertThat(late.packet().revokedAt()).isNotNull();
    assertThat(browserGet(late, "en").code()).isEqualTo(410);
  }

  @Test
  void oldLinkAfterARetriageShowsTheLatestPacketOfTheIntake() {
    UUID intake = UUID.randomUUID();
    IssuedPacket first = assemble(Decisions.herniatedDisc(intake, "en"));
    assertThat(page(first).body()).contains("<article id=\"herniated-disc\"");

    IssuedPacket second =
        assemble(
            Decisions.decision(
                intake, 2, "en", Route.PHYSICAL_THERAPY, List.of(Cause.MENISCUS_TEAR), List.of()));

    String throughOldLink = page(first).body();
    assertThat(throughOldLink)
        .contains("<article id=\"meniscus-tear\"")
        .doesNotContain("<article id=\"herniated-disc\"");
    assertThat(throughOldLink).isEqualTo(page(second).body());
  }

  @Test
  void databaseHoldsOnlyTheHashOfTheToken() {
    IssuedPacket issued = assemble(Decisions.herniatedDisc(UUID.randomUUID(), "en"));
    String token = issued.accessToken();

    // Every column of the row, as text: the token is in none of them.
    assertThat(
            TestInfrastructure.queryLong(
                "SELECT count(*) FROM packet p WHERE strpos(p::text, '%s') > 0".formatted(token)))
        .isZero();
    assertThat(
            TestInfrastructure.queryLong(
                ("SELECT count(*) FROM packet WHERE id = '%s'"
                        + " AND token_hash = encode(sha256(convert_to('%s', 'UTF8')), 'hex')")
                    .formatted(issued.packet().id(), token)))
        .isEqualTo(1);
    assertThat(
            TestInfrastructure.queryLong(
                "SELECT count(*) FROM information_schema.columns"
                    + " WHERE table_name = 'packet' AND column_name = 'access_token'"))
        .isZero();
    assertThat(page(issued).code()).isEqualTo(200);
    // The event that carries the link keeps it only until the broker has it.
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                TestInfrastructure.queryLong(
                    ("SELECT count(*) FROM outbox_message WHERE event_id = '%s'"
                            + " AND sent_at IS NOT NULL AND strpos(payload, '%s') = 0")
                        .formatted(issued.packet().id(), token)),
            sent -> sent == 1);
  }

  private static void assertLeaksNothing(String page, IssuedPacket link) {
    assertThat(page)
        .doesNotContain(link.packet().intakeId().toString())
        .doesNotContain(link.packet().id().toString())
        .doesNotContain(link.accessToken())
        .doesNotContain("<article")
        .doesNotContain("Sciatica")
        .doesNotContain("Ciática")
        .doesNotContain("Meniscus")
        .doesNotContain("Your information pack")
        .doesNotContain("<script");
  }

  private IssuedPacket assemble(TriageDecided decision) {
    return assembler.assemble(decision.decisionId(), decision).orElseThrow();
  }

  /** A packet of library items, assembled at a moment in the past. */
  private IssuedPacket assembledAt(Instant at) {
    IssuedPacket issued =
        Packet.issue(
            UUID.randomUUID(),
            UUID.randomUUID(),
            1,
            "en",
            false,
            at.truncatedTo(ChronoUnit.MICROS));
    packets.save(issued.packet());
    packetItems.pin(
        issued.packet().id(),
        library.select(
            List.of(Cause.HERNIATED_DISC), List.of(Route.PHYSICAL_THERAPY), false, "en"));
    return issued;
  }

  private HttpResponse<String> page(IssuedPacket packet) {
    return http.toBlocking()
        .exchange(HttpRequest.GET("/education/" + packet.accessToken()), String.class);
  }

  private HttpResponse<?> browserGet(IssuedPacket packet, String languages) {
    return error(
        HttpRequest.GET("/education/" + packet.accessToken())
            .accept(BROWSER)
            .header("Accept-Language", languages));
  }

  private HttpResponse<?> error(HttpRequest<?> request) {
    return catchThrowableOfType(
            HttpClientResponseException.class,
            () -> http.toBlocking().exchange(request, String.class))
        .getResponse();
  }
}
