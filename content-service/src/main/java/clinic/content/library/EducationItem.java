package clinic.content.library;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.data.annotation.TypeDef;
import io.micronaut.data.model.DataType;
import java.util.List;

/**
 * One version of one education item in one language. A published version is never edited: a change
 * is a new version, so a packet that pins a version keeps showing what the patient was given.
 *
 * @param causeTags names of {@link clinic.events.Cause} values the item explains
 * @param routeTags names of {@link clinic.events.Route} values the item explains
 */
@MappedEntity("education_item")
public record EducationItem(
    @Id @GeneratedValue @Nullable Long id,
    String slug,
    String locale,
    int version,
    String title,
    ItemKind kind,
    String bodyMarkdown,
    @TypeDef(type = DataType.STRING_ARRAY) List<String> causeTags,
    @TypeDef(type = DataType.STRING_ARRAY) List<String> routeTags,
    ItemStatus status) {

  public EducationItem {
    causeTags = List.copyOf(causeTags);
    routeTags = List.copyOf(routeTags);
  }

  /** A new item, not yet stored. */
  public static EducationItem draft(
      String slug,
      String locale,
      int version,
      String title,
      ItemKind kind,
      String bodyMarkdown,
      List<String> causeTags,
      List<String> routeTags) {
    return new EducationItem(
        null,
        slug,
        locale,
        version,
        title,
        kind,
        bodyMarkdown,
        causeTags,
        routeTags,
        ItemStatus.DRAFT);
  }

  public EducationItem published() {
    return new EducationItem(
        id,
        slug,
        locale,
        version,
        title,
        kind,
        bodyMarkdown,
        causeTags,
        routeTags,
        ItemStatus.PUBLISHED);
  }
}
