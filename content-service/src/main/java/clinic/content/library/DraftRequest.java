package clinic.content.library;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import clinic.events.Cause;
import clinic.events.Route;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A new draft version of an item in one language, as an editor sends it. Every field may be absent
 * in the JSON, so that validation can name each missing or wrong field at once instead of failing
 * on the first. Who wrote it is not a field: it is the signed-in editor, from their token.
 *
 * @param tags names of the causes ({@link Cause}) and routes ({@link Route}) the item explains;
 *     none for general advice that goes into every packet
 * @param kind required for a new item only: a new version keeps its item's kind
 */
@Serdeable
record DraftRequest(
    @Schema(requiredMode = REQUIRED, types = "string", minLength = 1, maxLength = MAX_TITLE)
        @Nullable
        String title,
    @Schema(requiredMode = REQUIRED, types = "string", minLength = 1, maxLength = MAX_SUMMARY)
        @Nullable
        String summary,
    @Schema(
            requiredMode = REQUIRED,
            types = "string",
            minLength = 1,
            maxLength = MAX_BODY,
            description = "Markdown.")
        @Nullable
        String body,
    @Nullable List<String> tags,
    @Schema(requiredMode = REQUIRED, types = "string", pattern = "^[a-z]{2}$", example = "en")
        @Nullable
        String locale,
    @Schema(implementation = ItemKind.class) @Nullable String kind) {

  static final Pattern SLUG = Pattern.compile("^[a-z0-9]+(-[a-z0-9]+)*$");
  static final Pattern LOCALE = Pattern.compile("^[a-z]{2}$");
  private static final int MAX_TITLE = 200;
  private static final int MAX_SUMMARY = 500;
  private static final int MAX_BODY = 100_000;

  /** What is wrong with each field, by field name; empty when the request is valid. */
  Map<String, String> problems(String slug) {
    Map<String, String> problems = new LinkedHashMap<>();
    if (!SLUG.matcher(slug).matches() || slug.length() > 100) {
      problems.put("slug", "must be lower-case words joined by '-', at most 100 characters");
    }
    text(problems, "title", title, MAX_TITLE);
    text(problems, "summary", summary, MAX_SUMMARY);
    text(problems, "body", body, MAX_BODY);
    if (locale == null || !LOCALE.matcher(locale).matches()) {
      problems.put("locale", "must be a two-letter language code such as en or es");
    }
    if (kind != null && Arrays.stream(ItemKind.values()).noneMatch(k -> k.name().equals(kind))) {
      problems.put("kind", "must be one of " + Arrays.toString(ItemKind.values()));
    }
    List<String> given = tags == null ? List.of() : tags;
    for (int i = 0; i < given.size(); i++) {
      String tag = given.get(i);
      if (tag == null || (!isName(Cause.class, tag) && !isName(Route.class, tag))) {
        problems.put(
            "tags[" + i + "]",
            tag
                + " is neither a cause "
                + Arrays.toString(Cause.values())
                + " nor a route "
                + Arrays.toString(Route.values()));
      }
    }
    return problems;
  }

  List<String> causeTags() {
    return tagsOf(Cause.class);
  }

  List<String> routeTags() {
    return tagsOf(Route.class);
  }

  private List<String> tagsOf(Class<? extends Enum<?>> type) {
    return tags == null
        ? List.of()
        : tags.stream().filter(tag -> isName(type, tag)).distinct().toList();
  }

  private static boolean isName(Class<? extends Enum<?>> type, String name) {
    return Arrays.stream(type.getEnumConstants()).anyMatch(value -> value.name().equals(name));
  }

  private static void text(Map<String, String> problems, String field, String value, int max) {
    if (value == null || value.isBlank()) {
      problems.put(field, "must not be blank");
    } else if (value.length() > max) {
      problems.put(field, "must be at most " + max + " characters");
    }
  }
}
