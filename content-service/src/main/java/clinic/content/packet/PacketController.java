package clinic.content.packet;

import clinic.content.library.EducationItem;
import clinic.content.library.ItemKind;
import clinic.content.system.ApiResponses;
import clinic.content.system.Problem;
import clinic.content.system.Roles;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.exceptions.HttpStatusException;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Packets for other services and staff tools. The patient's page is {@link EducationPage}. */
@ApiResponse(
    responseCode = "401",
    description = ApiResponses.UNAUTHORIZED,
    content =
        @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@ApiResponse(
    responseCode = "403",
    description = ApiResponses.FORBIDDEN,
    content =
        @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@SecurityRequirement(name = "bearer")
@Controller("/api/packets")
@ExecuteOn(TaskExecutors.BLOCKING)
@Secured({Roles.FRONT_DESK, Roles.CLINICIAN, Roles.ADMIN})
class PacketController {

  private final PacketReader packets;

  PacketController(PacketReader packets) {
    this.packets = packets;
  }

  @Get("/{id}")
  @ApiResponse(
      responseCode = "400",
      description = "The id is not a UUID.",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  @ApiResponse(
      responseCode = "404",
      description = "No such packet.",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  PacketView packet(UUID id) {
    return packets
        .byId(id)
        .map(PacketView::from)
        .orElseThrow(() -> new HttpStatusException(HttpStatus.NOT_FOUND, "No packet " + id));
  }

  @Serdeable
  record PacketView(
      UUID id,
      UUID intakeId,
      UUID decisionId,
      int version,
      String language,
      Instant createdAt,
      List<ItemView> items) {

    static PacketView from(AssignedPacket assigned) {
      Packet packet = assigned.packet();
      return new PacketView(
          packet.id(),
          packet.intakeId(),
          packet.decisionId(),
          packet.version(),
          packet.language(),
          packet.createdAt(),
          assigned.items().stream().map(ItemView::from).toList());
    }
  }

  @Serdeable
  record ItemView(String slug, String title, ItemKind kind, int version, String language) {

    static ItemView from(EducationItem item) {
      return new ItemView(item.slug(), item.title(), item.kind(), item.version(), item.locale());
    }
  }
}
