package clinic.content.packet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import clinic.content.library.EducationItem;
import clinic.content.library.EducationItemRepository;
import clinic.content.library.ItemKind;
import clinic.content.testing.Decisions;
import clinic.content.testing.TestInfrastructure;
import clinic.events.TriageDecided;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PacketHttpTest implements TestPropertyProvider {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  @Inject
  @Client("/")
  HttpClient http;

  @Inject PacketAssembler assembler;
  @Inject PacketRepository packets;
  @Inject PacketItemRepository packetItems;
  @Inject EducationItemRepository items;

  @Override
  public Map<String, String> getProperties() {
    return TestInfrastructure.properties();
  }

  @Test
  void packetIsServedAsJsonWithItsItems() {
    Packet packet = assemble(Decisions.herniatedDisc(UUID.randomUUID(), "en"));

    HttpResponse<String> response =
        http.toBlocking().exchange(HttpRequest.GET("/api/packets/" + packet.id()), String.class);

    assertThat(response.code()).isEqualTo(200);
    JsonNode body = JSON.readTree(response.body());
    assertThat(body.get("id").asString()).isEqualTo(packet.id().toString());
    assertThat(body.get("intakeId").asString()).isEqualTo(packet.intakeId().toString());
    assertThat(body.get("version").asInt()).isEqualTo(1);
    assertThat(body.get("language").asString()).isEqualTo("en");
    assertThat(body.get("createdAt").asString()).isEqualTo(packet.createdAt().toString());
    assertThat(body.has("accessToken")).isFalse();
    JsonNode first = body.get("items").get(0);
    assertThat(first.get("slug").asString()).isEqualTo("sciatica");
    assertThat(first.get("title").asString()).isEqualTo("Sciatica: pain that travels down the leg");
    assertThat(first.get("kind").asString()).isEqualTo("CONDITION");
    assertThat(first.get("version").asInt()).isEqualTo(1);
    assertThat(body.get("items")).hasSize(5);
  }

  @Test
  void unknownPacketIsProblemDetails() {
    UUID unknown = UUID.randomUUID();

    HttpResponse<?> response = error(HttpRequest.GET("/api/packets/" + unknown));

    assertThat(response.code()).isEqualTo(404);
    assertThat(response.getContentType().map(Object::toString))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
    JsonNode problem = JSON.readTree(response.getBody(String.class).orElseThrow());
    assertThat(problem.get("status").asInt()).isEqualTo(404);
    assertThat(problem.get("title").asString()).isEqualTo("Not Found");
    assertThat(problem.get("detail").asString()).contains(unknown.toString());
    assertThat(problem.get("instance").asString()).isEqualTo("/api/packets/" + unknown);
  }

  @Test
  void malformedPacketIdIsProblemDetailsNamingTheParameter() {
    HttpResponse<?> response = error(HttpRequest.GET("/api/packets/not-a-uuid"));

    assertThat(response.code()).isEqualTo(400);
    JsonNode problem = JSON.readTree(response.getBody(String.class).orElseThrow());
    assertThat(problem.get("status").asInt()).isEqualTo(400);
    assertThat(problem.get("errors").get(0).get("field").asString()).isEqualTo("id");
  }

  @Test
  void educationPageListsTheItemsInThePatientsLanguage() {
    Packet packet =
        assemble(
            Decisions.decision(
                UUID.randomUUID(),
                1,
                "es",
                clinic.events.Route.PHYSICAL_THERAPY,
                List.of(clinic.events.Cause.HERNIATED_DISC),
                List.of(Decisions.caudaEquina())));

    HttpResponse<String> response =
        http.toBlocking()
            .exchange(HttpRequest.GET("/education/" + packet.accessToken()), String.class);

    assertThat(response.code()).isEqualTo(200);
    assertThat(response.getContentType().map(type -> type.getName())).contains("text/html");
    assertThat(response.header("Cache-Control")).isEqualTo("no-store");
    assertThat(response.header("Referrer-Policy")).isEqualTo("no-referrer");
    String page = response.body();
    assertThat(page)
        .contains("<html lang=\"es\">")
        .contains("No es un diagnóstico")
        .contains("<h2>Busque ayuda ya: señales de alarma</h2>")
        .contains("<h2>Ciática: dolor que baja por la pierna</h2>")
        .contains("<article id=\"herniated-disc\" lang=\"en\"")
        .contains("<strong>");
    assertThat(page.indexOf("seek-help-now")).isLessThan(page.indexOf("id=\"sciatica\""));
  }

  @Test
  void scriptInAnItemIsShownAsTextNeverRunAsATag() {
    EducationItem hostile =
        items.save(
            EducationItem.draft(
                    "test-hostile-" + UUID.randomUUID(),
                    "en",
                    1,
                    "Title <script>alert('title')</script>",
                    ItemKind.CONDITION,
                    """
                    Hello <script>alert('body')</script>

                    <img src=x onerror="alert(1)">

                    [click me](javascript:alert(2))
                    """,
                    List.of(),
                    List.of())
                .published());
    Packet packet =
        packets.save(
            Packet.assemble(
                UUID.randomUUID(),
                UUID.randomUUID(),
                1,
                "en",
                Instant.now().truncatedTo(ChronoUnit.MICROS)));
    packetItems.saveAll(PacketItem.pin(packet.id(), List.of(hostile)));

    String page = http.toBlocking().retrieve(HttpRequest.GET("/education/" + packet.accessToken()));

    assertThat(page)
        .doesNotContain("<script")
        .doesNotContain("<img")
        .doesNotContain("javascript:")
        .contains("&lt;script&gt;alert(")
        .contains("This page is general information")
        .contains("not a diagnosis");
  }

  @Test
  void unknownTokenIsNotFound() {
    HttpResponse<?> response = error(HttpRequest.GET("/education/no-such-token"));

    assertThat(response.code()).isEqualTo(404);
    assertThat(response.getContentType().map(Object::toString))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
  }

  private Packet assemble(TriageDecided decision) {
    return assembler.assemble(decision.decisionId(), decision).orElseThrow();
  }

  private HttpResponse<?> error(HttpRequest<?> request) {
    return catchThrowableOfType(
            HttpClientResponseException.class,
            () -> http.toBlocking().exchange(request, String.class))
        .getResponse();
  }
}
