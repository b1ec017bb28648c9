package clinic.content.library;

import clinic.events.Actor;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.data.annotation.TypeDef;
import io.micronaut.data.model.DataType;
import java.time.LocalDate;
import java.util.List;

/**
 * One version of one education item in one language. A version that has left draft is never edited
 * (the database refuses it): a change is a new version, so a packet that pins a version keeps
 * showing what the patient was given.
 *
 * @param causeTags names of {@link clinic.events.Cause} values the item explains
 * @param routeTags names of {@link clinic.events.Route} values the item explains
 * @param reviewer who checked this version's content: the file's reviewer, or for a version an
 *     editor wrote through the API the editor who published it; the review date is set on
 *     publishing when the version does not bring its own
 * @param sourceSha256 the SHA-256 of the library file this version was loaded from, null for a
 *     version an editor wrote through the API
 * @param authorSubject who drafted a version through the API ({@code sub} of their token), null for
 *     a version loaded from a library file
 * @param publishedBySubject who published a version through the API, null as above
 */
@MappedEntity("education_item")
public record EducationItem(
    @Id @GeneratedValue @Nullable Long id,
    String slug,
    String locale,
    int version,
    String title,
    ItemKind kind,
    String summary,
    String bodyMarkdown,
    @TypeDef(type = DataType.STRING_ARRAY) List<String> causeTags,
    @TypeDef(type = DataType.STRING_ARRAY) List<String> routeTags,
    ItemStatus status,
    @Nullable String reviewer,
    @Nullable LocalDate reviewedOn,
    @Nullable String sourceSha256,
    @Nullable String authorSubject,
    @Nullable String authorName,
    @Nullable String publishedBySubject,
    @Nullable String publishedByName) {

  public EducationItem {
    causeTags = List.copyOf(causeTags);
    routeTags = List.copyOf(routeTags);
  }

  /** A new draft version by the signed-in editor, not yet stored. */
  public static EducationItem draft(
      String slug,
      String locale,
      int version,
      String title,
      ItemKind kind,
      String summary,
      String bodyMarkdown,
      List<String> causeTags,
      List<String> routeTags,
      Actor author) {
    return new EducationItem(
        null,
        slug,
        locale,
        version,
        title,
        kind,
        summary,
        bodyMarkdown,
        causeTags,
        routeTags,
        ItemStatus.DRAFT,
        null,
        null,
        null,
        author.subject(),
        author.name(),
        null,
        null);
  }

  /**
   * This version as published today by the signed-in editor. A version an editor wrote has been
   * checked by whoever publishes it; a version from a file keeps its own reviewer and date.
   */
  public EducationItem published(LocalDate today, Actor publisher) {
    return new EducationItem(
        id,
        slug,
        locale,
        version,
        title,
        kind,
        summary,
        bodyMarkdown,
        causeTags,
        routeTags,
        ItemStatus.PUBLISHED,
        reviewer == null ? publisher.name() : reviewer,
        reviewedOn == null ? today : reviewedOn,
        sourceSha256,
        authorSubject,
        authorName,
        publisher.subject(),
        publisher.name());
  }
}
