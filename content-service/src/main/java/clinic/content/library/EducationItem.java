package clinic.content.library;

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
 * @param reviewer who checked this version's content; the review date is set on publishing when the
 *     version does not bring its own
 * @param sourceSha256 the SHA-256 of the library file this version was loaded from, null for a
 *     version an editor wrote through the API
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
    @Nullable String sourceSha256) {

  public EducationItem {
    causeTags = List.copyOf(causeTags);
    routeTags = List.copyOf(routeTags);
  }

  /** A new draft version, not yet stored. */
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
      @Nullable String reviewer) {
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
        reviewer,
        null,
        null);
  }

  /** This version as published today, keeping its own review date if it has one. */
  public EducationItem published(LocalDate today) {
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
        reviewer,
        reviewedOn == null ? today : reviewedOn,
        sourceSha256);
  }
}
