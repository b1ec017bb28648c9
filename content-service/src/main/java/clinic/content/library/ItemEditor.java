package clinic.content.library;

import clinic.content.system.InvalidRequestException;
import clinic.events.Actor;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.exceptions.HttpStatusException;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;

/**
 * Writes new versions of items: an editor's draft, then its publication. Nothing here changes a
 * version that has left draft; publishing moves the previously published version of the item in
 * that language to RETIRED, where it stays as history (packets that pinned it still show it).
 */
@Singleton
class ItemEditor {

  private final EducationItemRepository items;
  private final Clock clock;

  ItemEditor(EducationItemRepository items) {
    this.items = items;
    this.clock = Clock.systemUTC();
  }

  /**
   * Stores the request as the next version of the item in its language, as a DRAFT written by the
   * signed-in editor.
   */
  @Transactional
  EducationItem createDraft(String slug, DraftRequest request, Actor author) {
    Map<String, String> problems = request.problems(slug);
    Optional<EducationItem> existing =
        problems.containsKey("slug") ? Optional.empty() : items.findFirstBySlugOrderByIdDesc(slug);
    if (existing.isEmpty() && request.kind() == null) {
      problems.put("kind", "is required for a new item");
    }
    if (existing.isPresent()
        && request.kind() != null
        && !existing.get().kind().name().equals(request.kind())) {
      problems.put("kind", "must stay " + existing.get().kind() + " for this item");
    }
    if (!problems.isEmpty()) {
      throw new InvalidRequestException(problems);
    }
    ItemKind kind =
        existing.map(EducationItem::kind).orElseGet(() -> ItemKind.valueOf(request.kind()));
    return items.save(
        EducationItem.draft(
            slug,
            request.locale(),
            items.findLatestVersion(slug, request.locale()) + 1,
            request.title().strip(),
            kind,
            request.summary().strip(),
            request.body(),
            request.causeTags(),
            request.routeTags(),
            author));
  }

  /**
   * Publishes a draft: from now on new packets get it. Only a draft newer than the published
   * version can be published, so an old draft cannot silently replace newer content. The signed-in
   * editor who publishes it is recorded as its publisher (and reviewer, see {@link
   * EducationItem#published}).
   */
  @Transactional
  EducationItem publish(String slug, String locale, int version, Actor publisher) {
    EducationItem draft =
        items
            .findBySlugAndLocaleAndVersion(slug, locale, version)
            .orElseThrow(
                () ->
                    new HttpStatusException(
                        HttpStatus.NOT_FOUND,
                        "No version " + version + " of " + slug + " in " + locale));
    if (draft.status() != ItemStatus.DRAFT) {
      throw new HttpStatusException(
          HttpStatus.CONFLICT,
          "Version " + version + " of " + slug + " in " + locale + " is " + draft.status());
    }
    Optional<EducationItem> current =
        items.findBySlugAndLocaleAndStatus(slug, locale, ItemStatus.PUBLISHED);
    if (current.isPresent() && current.get().version() > version) {
      throw new HttpStatusException(
          HttpStatus.CONFLICT,
          "Version " + current.get().version() + " is already published; write a new draft");
    }
    items.retirePublished(slug, locale);
    return items.update(draft.published(LocalDate.now(clock), publisher));
  }
}
