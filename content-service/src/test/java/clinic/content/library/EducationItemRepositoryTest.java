package clinic.content.library;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import clinic.content.testing.TestInfrastructure;
import clinic.events.Cause;
import clinic.events.Route;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EducationItemRepositoryTest implements TestPropertyProvider {

  private static final String[] ALL_CAUSES =
      Arrays.stream(Cause.values()).map(Enum::name).toArray(String[]::new);
  private static final String[] ALL_ROUTES =
      Arrays.stream(Route.values()).map(Enum::name).toArray(String[]::new);
  private static final String[] NONE = new String[0];

  @Inject EducationItemRepository items;
  @Inject EducationLibrary library;

  private final List<EducationItem> created = new ArrayList<>();

  @Override
  public Map<String, String> getProperties() {
    return TestInfrastructure.properties();
  }

  @AfterEach
  void removeTestItems() {
    items.deleteAll(created);
    created.clear();
  }

  @Test
  void seedHoldsTheFirstItemsInEnglishAndTheSafetyItemsInSpanish() {
    assertThat(items.findPublishedMatching(List.of("en"), ALL_CAUSES, ALL_ROUTES))
        .extracting(EducationItem::slug)
        .contains(
            "sciatica",
            "knee-pain",
            "herniated-disc",
            "meniscus-tear",
            "physical-therapy",
            "seek-help-now");
    assertThat(items.findPublishedMatching(List.of("es"), ALL_CAUSES, ALL_ROUTES))
        .allSatisfy(item -> assertThat(item.locale()).isEqualTo("es"))
        .extracting(EducationItem::slug)
        .contains("sciatica", "seek-help-now");
  }

  @Test
  void findsItemsByCause() {
    List<EducationItem> found =
        items.findPublishedMatching(List.of("en"), new String[] {"MENISCUS_TEAR"}, NONE);

    assertThat(found)
        .extracting(EducationItem::slug)
        .contains("knee-pain", "meniscus-tear", "seek-help-now")
        .doesNotContain("herniated-disc", "sciatica", "physical-therapy");
  }

  @Test
  void findsItemsByRoute() {
    List<EducationItem> found =
        items.findPublishedMatching(List.of("en"), NONE, new String[] {"PHYSICAL_THERAPY"});

    assertThat(found)
        .extracting(EducationItem::slug)
        .containsExactlyInAnyOrder("physical-therapy", "seek-help-now");
  }

  @Test
  void newestPublishedVersionWinsAndDraftsStayOut() {
    String slug = "test-" + UUID.randomUUID();
    save(item(slug, 1, "First").published());
    save(item(slug, 2, "Second").published());
    save(item(slug, 3, "Unfinished"));

    assertThat(items.findPublishedMatching(List.of("en"), NONE, new String[] {"MEDICATION_REVIEW"}))
        .filteredOn(item -> item.slug().equals(slug))
        .singleElement()
        .satisfies(
            item -> {
              assertThat(item.version()).isEqualTo(2);
              assertThat(item.title()).isEqualTo("Second");
              assertThat(item.routeTags()).containsExactly("MEDICATION_REVIEW");
            });
  }

  @Test
  void spanishSelectionFallsBackToEnglishItemByItemAndPutsWarningsFirstOnARedFlag() {
    List<EducationItem> selected =
        library.select(List.of(Cause.HERNIATED_DISC), List.of(Route.PHYSICAL_THERAPY), true, "es");

    assertThat(selected)
        .extracting(EducationItem::slug, EducationItem::locale)
        .startsWith(tuple("seek-help-now", "es"))
        .contains(
            tuple("sciatica", "es"),
            tuple("herniated-disc", "en"),
            tuple("physical-therapy", "en"));
  }

  @Test
  void withoutRedFlagWarningSignsCloseThePacket() {
    List<EducationItem> selected =
        library.select(List.of(Cause.MENISCUS_TEAR), List.of(Route.SURGICAL_CONSULT), false, "en");

    assertThat(selected)
        .extracting(EducationItem::slug)
        .containsExactly(
            "knee-pain", "meniscus-tear", "looking-after-your-back-and-knees", "seek-help-now");
  }

  private static EducationItem item(String slug, int version, String title) {
    return EducationItem.draft(
        slug,
        "en",
        version,
        title,
        ItemKind.TREATMENT,
        "Body of " + title,
        List.of(),
        List.of("MEDICATION_REVIEW"));
  }

  private void save(EducationItem item) {
    created.add(items.save(item));
  }
}
