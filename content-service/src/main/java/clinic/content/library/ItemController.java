package clinic.content.library;

import clinic.content.system.ApiResponses;
import clinic.content.system.InvalidRequestException;
import clinic.content.system.Problem;
import clinic.content.system.Roles;
import clinic.content.system.SignedIn;
import clinic.events.Cause;
import clinic.events.Route;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.exceptions.DataAccessException;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.exceptions.HttpStatusException;
import io.micronaut.http.uri.UriBuilder;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The education library for staff tools: list and filter, read, search, and write new versions.
 *
 * <p>Any staff member may read the library; only content editors write drafts and publish them, and
 * the signed-in editor is recorded as the author or publisher of the version.
 */
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
@Controller("/api/items")
@ExecuteOn(TaskExecutors.BLOCKING)
@Secured({
  Roles.FRONT_DESK,
  Roles.CLINICIAN,
  Roles.RECEIVING_TEAM,
  Roles.CONTENT_EDITOR,
  Roles.ADMIN
})
class ItemController {

  private static final int MAX_SEARCH_RESULTS = 50;

  private final EducationItemRepository items;
  private final ItemEditor editor;

  ItemController(EducationItemRepository items, ItemEditor editor) {
    this.items = items;
    this.editor = editor;
  }

  /** Items by kind, cause, route, language and status (published unless asked otherwise). */
  @Get("{?kind,cause,route,locale,status}")
  @ApiResponse(
      responseCode = "400",
      description = ApiResponses.INVALID,
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  List<ItemSummary> list(
      @Parameter(schema = @Schema(implementation = ItemKind.class)) @Nullable String kind,
      @Parameter(schema = @Schema(implementation = Cause.class)) @Nullable String cause,
      @Parameter(schema = @Schema(implementation = Route.class)) @Nullable String route,
      @Parameter(schema = @Schema(type = "string", pattern = "^[a-z]{2}$")) @Nullable String locale,
      @Parameter(schema = @Schema(implementation = ItemStatus.class)) @Nullable String status) {
    Map<String, String> problems = new LinkedHashMap<>();
    enumName(problems, "kind", kind, ItemKind.class);
    enumName(problems, "cause", cause, Cause.class);
    enumName(problems, "route", route, Route.class);
    enumName(problems, "status", status, ItemStatus.class);
    if (locale != null) {
      locale(problems, locale);
    }
    rejectIf(problems);
    return items
        .filter(status == null ? ItemStatus.PUBLISHED.name() : status, kind, cause, route, locale)
        .stream()
        .map(ItemSummary::from)
        .toList();
  }

  /** Published items in one language that match the words, best match first. */
  @Get("/search{?q,locale,limit}")
  @ApiResponse(
      responseCode = "400",
      description = ApiResponses.INVALID,
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  List<SearchHit> search(
      @Parameter(required = true, schema = @Schema(type = "string", maxLength = 200)) @Nullable
          String q,
      @QueryValue(defaultValue = EducationLibrary.FALLBACK_LANGUAGE) String locale,
      @QueryValue(defaultValue = "20") int limit) {
    Map<String, String> problems = new LinkedHashMap<>();
    if (q == null || q.isBlank()) {
      problems.put("q", "must hold the words to search for");
    } else if (q.length() > 200) {
      problems.put("q", "must be at most 200 characters");
    }
    locale(problems, locale);
    if (limit < 1 || limit > MAX_SEARCH_RESULTS) {
      problems.put("limit", "must be between 1 and " + MAX_SEARCH_RESULTS);
    }
    rejectIf(problems);
    return items.search(q, locale, limit);
  }

  /**
   * The published version of an item in the language asked for, or in English when it has not been
   * translated yet ({@code fallback} says so, and Content-Language names what was sent).
   */
  @Get("/{slug}{?locale}")
  @ApiResponse(
      responseCode = "400",
      description = ApiResponses.INVALID,
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  @ApiResponse(
      responseCode = "404",
      description = "No published item with this slug.",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  HttpResponse<ItemView> item(
      String slug, @QueryValue(defaultValue = EducationLibrary.FALLBACK_LANGUAGE) String locale) {
    Map<String, String> problems = new LinkedHashMap<>();
    locale(problems, locale);
    rejectIf(problems);
    EducationItem item =
        items
            .findBySlugAndLocaleAndStatus(slug, locale, ItemStatus.PUBLISHED)
            .or(
                () ->
                    items.findBySlugAndLocaleAndStatus(
                        slug, EducationLibrary.FALLBACK_LANGUAGE, ItemStatus.PUBLISHED))
            .orElseThrow(() -> notFound("No published item " + slug));
    return HttpResponse.ok(ItemView.from(item, locale))
        .header(HttpHeaders.CONTENT_LANGUAGE, item.locale());
  }

  /** Every version of an item in one language, newest first, whatever its status. */
  @Get("/{slug}/versions{?locale}")
  @ApiResponse(
      responseCode = "404",
      description = "No item with this slug in this language.",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  List<ItemSummary> versions(
      String slug, @QueryValue(defaultValue = EducationLibrary.FALLBACK_LANGUAGE) String locale) {
    List<ItemSummary> versions =
        items.findBySlugAndLocaleOrderByVersionDesc(slug, locale).stream()
            .map(ItemSummary::from)
            .toList();
    if (versions.isEmpty()) {
      throw notFound("No item " + slug + " in " + locale);
    }
    return versions;
  }

  @Get("/{slug}/versions/{version}{?locale}")
  @ApiResponse(
      responseCode = "400",
      description = ApiResponses.INVALID,
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  @ApiResponse(
      responseCode = "404",
      description = "No such version.",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  ItemView version(
      String slug,
      int version,
      @QueryValue(defaultValue = EducationLibrary.FALLBACK_LANGUAGE) String locale) {
    return items
        .findBySlugAndLocaleAndVersion(slug, locale, version)
        .map(item -> ItemView.from(item, null))
        .orElseThrow(() -> notFound("No version " + version + " of " + slug + " in " + locale));
  }

  /** A new draft version of the item (a new item if the slug is new), by the signed-in editor. */
  @Post("/{slug}/drafts")
  @ApiResponse(responseCode = "201", description = "The new draft; Location names it.")
  @ApiResponse(
      responseCode = "400",
      description = ApiResponses.INVALID,
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  @ApiResponse(
      responseCode = "413",
      description = "The body is over the server's limit.",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  @ApiResponse(
      responseCode = "409",
      description = "Someone else changed the item at the same time.",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  @Secured(Roles.CONTENT_EDITOR)
  HttpResponse<ItemView> createDraft(
      String slug, @Body DraftRequest request, Authentication authentication) {
    EducationItem draft =
        conflictOnRace(() -> editor.createDraft(slug, request, SignedIn.actor(authentication)));
    return HttpResponse.created(
        ItemView.from(draft, null),
        UriBuilder.of("/api/items")
            .path(slug)
            .path("versions")
            .path(Integer.toString(draft.version()))
            .queryParam("locale", draft.locale())
            .build());
  }

  /**
   * Publishes a draft; the version published before becomes RETIRED. The signed-in editor is its
   * publisher.
   *
   * @param locale required: versions are numbered per language
   */
  @Post("/{slug}/versions/{version}/publish{?locale}")
  @ApiResponse(
      responseCode = "400",
      description = ApiResponses.INVALID,
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  @ApiResponse(
      responseCode = "404",
      description = "No such draft.",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  @ApiResponse(
      responseCode = "409",
      description =
          "The version is not a draft, or someone else changed the item at the same time.",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  @Secured(Roles.CONTENT_EDITOR)
  ItemView publish(
      String slug,
      int version,
      @Nullable @QueryValue String locale,
      Authentication authentication) {
    Map<String, String> problems = new LinkedHashMap<>();
    locale(problems, locale);
    rejectIf(problems);
    return ItemView.from(
        conflictOnRace(() -> editor.publish(slug, locale, version, SignedIn.actor(authentication))),
        null);
  }

  /** Two editors writing the same item at once: one wins, the other is told to try again. */
  private static EducationItem conflictOnRace(Supplier<EducationItem> write) {
    try {
      return write.get();
    } catch (DataAccessException e) {
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
          throw new HttpStatusException(
              HttpStatus.CONFLICT, "Someone else changed this item just now; please try again");
        }
      }
      throw e;
    }
  }

  private static HttpStatusException notFound(String message) {
    return new HttpStatusException(HttpStatus.NOT_FOUND, message);
  }

  private static void locale(Map<String, String> problems, @Nullable String locale) {
    if (locale == null || !DraftRequest.LOCALE.matcher(locale).matches()) {
      problems.put("locale", "must be a two-letter language code such as en or es");
    }
  }

  private static void enumName(
      Map<String, String> problems,
      String parameter,
      @Nullable String value,
      Class<? extends Enum<?>> type) {
    if (value != null
        && Arrays.stream(type.getEnumConstants()).noneMatch(e -> e.name().equals(value))) {
      problems.put(parameter, "must be one of " + Arrays.toString(type.getEnumConstants()));
    }
  }

  private static void rejectIf(Map<String, String> problems) {
    if (!problems.isEmpty()) {
      throw new InvalidRequestException(problems);
    }
  }

  /** An item version without its body, for lists. */
  @Serdeable
  record ItemSummary(
      String slug,
      String locale,
      int version,
      ItemStatus status,
      ItemKind kind,
      String title,
      String summary,
      List<String> causes,
      List<String> routes,
      @Nullable String reviewer,
      @Nullable LocalDate reviewedOn,
      @Nullable String author,
      @Nullable String publishedBy) {

    static ItemSummary from(EducationItem item) {
      return new ItemSummary(
          item.slug(),
          item.locale(),
          item.version(),
          item.status(),
          item.kind(),
          item.title(),
          item.summary(),
          item.causeTags(),
          item.routeTags(),
          item.reviewer(),
          item.reviewedOn(),
          item.authorName(),
          item.publishedByName());
    }
  }

  /**
   * An item version with its Markdown body.
   *
   * @param requestedLocale the language asked for, when the item came in another one
   * @param fallback whether the item is in English because it has no version in the language asked
   */
  @Serdeable
  record ItemView(
      String slug,
      String locale,
      int version,
      ItemStatus status,
      ItemKind kind,
      String title,
      String summary,
      String body,
      List<String> causes,
      List<String> routes,
      @Nullable String reviewer,
      @Nullable LocalDate reviewedOn,
      @Nullable String author,
      @Nullable String publishedBy,
      @Nullable String requestedLocale,
      @Nullable Boolean fallback) {

    static ItemView from(EducationItem item, @Nullable String requested) {
      boolean fallback = requested != null && !requested.equals(item.locale());
      return new ItemView(
          item.slug(),
          item.locale(),
          item.version(),
          item.status(),
          item.kind(),
          item.title(),
          item.summary(),
          item.bodyMarkdown(),
          item.causeTags(),
          item.routeTags(),
          item.reviewer(),
          item.reviewedOn(),
          item.authorName(),
          item.publishedByName(),
          requested,
          requested == null ? null : fallback);
    }
  }
}
