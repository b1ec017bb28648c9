package clinic.content.library;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import clinic.content.testing.TestInfrastructure;
import clinic.events.Actor;
import clinic.events.Cause;
import clinic.events.Route;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The library in the real database: what was loaded, selection, versions and publishing. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EducationItemRepositoryTest implements TestPropertyProvider {

  private static final Actor EDITOR = new Actor("test-content-editor", "Test reviewer");

  static final List<String> LIBRARY =
      List.of(
          "faq-how-long",
          "faq-knee-pain-and-sciatica",
          "faq-prevention",
          "faq-sciatica-symptoms",
          "herniated-disc",
          "knee-pain",
          "knee-pain-from-the-back",
          "ligament-sprain",
          "medication-review",
          "meniscus-tear",
          "orthotics-and-biomechanics",
          "osteoarthritis",
          "physical-therapy",
          "piriformis-syndrome",
          "prevention",
          "sciatica",
          "sciatica-and-knee-pain",
          "seek-help-now",
          "spinal-stenosis",
          "surgical-consult",
          "treatment-comparison");
  private static final String[] ALL_CAUSES =
      Arrays.stream(Cause.values()).map(Enum::name).toArray(String[]::new);
  private static final String[] ALL_ROUTES =
      Arrays.stream(Route.values()).map(Enum::name).toArray(String[]::new);
  private static final String[] NONE = new String[0];
  private static final LocalDate TODAY = LocalDate.of(2026, 11, 24);

  @Inject EducationItemRepository items;
  @Inject EducationLibrary library;
  @Inject ItemEditor editor;

  @Override
  public Map<String, String> getProperties() {
    return TestInfrastructure.properties();
  }

  /** Test items are named test-*; the ones a packet pinned must stay. */
  @AfterEach
  void removeTestItems() {
    TestInfrastructure.execute(
        "DELETE FROM education_item WHERE slug LIKE 'test-%' AND id NOT IN"
            + " (SELECT item_id FROM packet_item)");
  }

  @Test
  void libraryIsLoadedCompleteInEnglishAndSpanishWithItsReviewAndSource() {
    for (String locale : List.of("en", "es")) {
      assertThat(items.findPublishedMatching(List.of(locale), ALL_CAUSES, ALL_ROUTES))
          .extracting(EducationItem::slug)
          .containsExactlyInAnyOrderElementsOf(LIBRARY);
    }
    EducationItem comparison =
        items
            .findBySlugAndLocaleAndStatus("treatment-comparison", "es", ItemStatus.PUBLISHED)
            .orElseThrow();
    assertThat(comparison.title())
        .isEqualTo("Comparación de tratamientos para la ciática y el dolor de rodilla");
    assertThat(comparison.kind()).isEqualTo(ItemKind.TREATMENT);
    assertThat(comparison.routeTags())
        .containsExactly("PHYSICAL_THERAPY", "MEDICATION_REVIEW", "SURGICAL_CONSULT");
    assertThat(comparison.causeTags()).isEmpty();
    assertThat(comparison.summary()).startsWith("Una comparación lado a lado");
    assertThat(comparison.reviewer()).isEqualTo("Clinical content team (draft)");
    assertThat(comparison.reviewedOn()).isEqualTo(TODAY);
    assertThat(comparison.sourceSha256()).matches("^[0-9a-f]{64}$");
    assertThat(comparison.bodyMarkdown()).contains("| Tratamiento |").doesNotContain("reviewer:");
  }

  @Test
  void libraryReplacesTheFirstSeedWithNewVersionsAndRetiresWhatItNoLongerHas() {
    assertThat(items.findBySlugAndLocaleOrderByVersionDesc("sciatica", "en"))
        .extracting(EducationItem::version, EducationItem::status, EducationItem::title)
        .containsExactly(
            tuple(2, ItemStatus.PUBLISHED, "Sciatica"),
            tuple(1, ItemStatus.RETIRED, "Sciatica: pain that travels down the leg"));
    assertThat(items.findBySlugAndLocaleOrderByVersionDesc("prevention", "en"))
        .extracting(EducationItem::version, EducationItem::status)
        .containsExactly(tuple(1, ItemStatus.PUBLISHED));
    assertThat(
            items.findBySlugAndLocaleOrderByVersionDesc("looking-after-your-back-and-knees", "en"))
        .extracting(EducationItem::status)
        .containsExactly(ItemStatus.RETIRED);
  }

  @Test
  void findsItemsByCauseWithTheGeneralItems() {
    List<EducationItem> found =
        items.findPublishedMatching(List.of("en"), new String[] {"MENISCUS_TEAR"}, NONE);

    assertThat(found)
        .extracting(EducationItem::slug)
        .containsExactlyInAnyOrder(
            "knee-pain",
            "meniscus-tear",
            "seek-help-now",
            "prevention",
            "faq-how-long",
            "faq-prevention");
  }

  @Test
  void findsItemsByRouteWithTheGeneralItems() {
    List<EducationItem> found =
        items.findPublishedMatching(List.of("en"), NONE, new String[] {"PHYSICAL_THERAPY"});

    assertThat(found)
        .extracting(EducationItem::slug)
        .containsExactlyInAnyOrder(
            "physical-therapy",
            "orthotics-and-biomechanics",
            "treatment-comparison",
            "seek-help-now",
            "prevention",
            "faq-how-long",
            "faq-prevention");
  }

  @Test
  void publishedVersionIsSelectedRetiredAndDraftVersionsStayOut() {
    String slug = "test-" + UUID.randomUUID();
    EducationItem first = save(item(slug, "en", 1, "First", "MEDICATION_REVIEW"));
    first = items.update(first.published(TODAY, EDITOR));
    items.retirePublished(slug, "en");
    save(item(slug, "en", 2, "Second", "MEDICATION_REVIEW").published(TODAY, EDITOR));
    save(item(slug, "en", 3, "Unfinished", "MEDICATION_REVIEW"));

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
  void publishingADraftRetiresThePreviouslyPublishedVersionAndKeepsItsContent() {
    String slug = "test-" + UUID.randomUUID();
    EducationItem v1 = editor.createDraft(slug, draft("Version one", "es", "CAUSE"), EDITOR);
    editor.publish(slug, "es", v1.version(), EDITOR);
    EducationItem v2 = editor.createDraft(slug, draft("Version two", "es", null), EDITOR);

    assertThat(items.findBySlugAndLocaleAndStatus(slug, "es", ItemStatus.PUBLISHED))
        .map(EducationItem::title)
        .hasValue("Version one");
    EducationItem published = editor.publish(slug, "es", v2.version(), EDITOR);

    assertThat(published.version()).isEqualTo(2);
    assertThat(published.reviewedOn()).isNotNull();
    assertThat(items.findBySlugAndLocaleOrderByVersionDesc(slug, "es"))
        .extracting(EducationItem::version, EducationItem::status, EducationItem::title)
        .containsExactly(
            tuple(2, ItemStatus.PUBLISHED, "Version two"),
            tuple(1, ItemStatus.RETIRED, "Version one"));
    assertThat(items.findBySlugAndLocaleAndStatus(slug, "es", ItemStatus.PUBLISHED))
        .map(EducationItem::kind)
        .hasValue(ItemKind.CAUSE);
  }

  @Test
  void databaseRefusesToEditAPublishedVersionOrToPublishTwoAtOnce() {
    String slug = "test-" + UUID.randomUUID();
    EducationItem published = save(item(slug, "en", 1, "Original", "MEDICATION_REVIEW"));
    published = items.update(published.published(TODAY, EDITOR));
    long id = published.id();

    assertThatThrownBy(
            () ->
                TestInfrastructure.execute(
                    "UPDATE education_item SET body_markdown = 'changed' WHERE id = " + id))
        .hasStackTraceContaining("publish a new version instead");
    assertThatThrownBy(
            () -> save(item(slug, "en", 2, "Second", "MEDICATION_REVIEW").published(TODAY, EDITOR)))
        .hasStackTraceContaining("education_item_one_published");
    assertThat(items.findById(id)).map(EducationItem::bodyMarkdown).hasValue("Body of Original");
  }

  @Test
  void searchFindsNumbnessAndMeniscusInEnglishBestMatchFirst() {
    assertThat(items.search("numbness", "en", 50))
        .extracting(SearchHit::slug)
        .contains(
            "sciatica",
            "faq-sciatica-symptoms",
            "herniated-disc",
            "seek-help-now",
            "spinal-stenosis")
        .doesNotContain("meniscus-tear", "osteoarthritis", "medication-review");
    assertThat(items.search("meniscus", "en", 50))
        .allSatisfy(hit -> assertThat(hit.locale()).isEqualTo("en"))
        .extracting(SearchHit::slug)
        .first()
        .isEqualTo("meniscus-tear");
    assertThat(items.search("meniscus", "en", 50))
        .extracting(SearchHit::slug)
        .contains("knee-pain", "treatment-comparison")
        .doesNotContain("sciatica", "piriformis-syndrome");
  }

  @Test
  void searchUsesEnglishStemmingSoOtherFormsOfAWordMatch() {
    // "numb" and "numbness" share the English stem; "tears" finds the meniscus "tear".
    assertThat(items.search("numb", "en", 50)).extracting(SearchHit::slug).contains("sciatica");
    assertThat(items.search("knee tears", "en", 50))
        .extracting(SearchHit::slug)
        .contains("meniscus-tear");
  }

  @Test
  void searchFindsEntumecimientoAndMeniscoInSpanishOnly() {
    assertThat(items.search("entumecimiento", "es", 50))
        .allSatisfy(hit -> assertThat(hit.locale()).isEqualTo("es"))
        .extracting(SearchHit::slug)
        .contains("sciatica", "faq-sciatica-symptoms", "seek-help-now", "herniated-disc")
        .doesNotContain("meniscus-tear", "osteoarthritis");
    assertThat(items.search("menisco", "es", 50))
        .extracting(SearchHit::slug)
        .first()
        .isEqualTo("meniscus-tear");
    // Spanish stemming: the plural "meniscos" finds the same item.
    assertThat(items.search("meniscos", "es", 50))
        .extracting(SearchHit::slug)
        .contains("meniscus-tear");
    assertThat(items.search("meniscus", "es", 50)).isEmpty();
    assertThat(items.search("menisco", "en", 50)).isEmpty();
  }

  @Test
  void spanishSearchFoldsAccentsSoCirugiaFindsCirugia() {
    List<String> withAccent = slugs(items.search("cirugía", "es", 50));
    assertThat(withAccent).contains("surgical-consult", "knee-pain", "herniated-disc");

    assertThat(slugs(items.search("cirugia", "es", 50)))
        .startsWith("surgical-consult")
        .containsExactlyInAnyOrderElementsOf(withAccent);
    assertThat(slugs(items.search("cirugias", "es", 50))).contains("surgical-consult");
    assertThat(slugs(items.search("ciatica", "es", 50)))
        .contains("sciatica", "faq-sciatica-symptoms")
        .containsExactlyInAnyOrderElementsOf(slugs(items.search("ciática", "es", 50)));
    // Words without accents find what they found before.
    assertThat(slugs(items.search("rodilla", "es", 50))).contains("knee-pain", "meniscus-tear");
    assertThat(slugs(items.search("menisco", "es", 50))).first().isEqualTo("meniscus-tear");
  }

  @Test
  void aQueryWithAccentsFindsTextWrittenWithoutThemAndTheOtherWayRound() {
    String spanish = "test-" + UUID.randomUUID();
    save(
        item(spanish, "es", 1, "Electromiografia sin tildes", "SURGICAL_CONSULT")
            .published(TODAY, EDITOR));
    String naive = "test-" + UUID.randomUUID();
    save(item(naive, "en", 1, "A naive question", "SURGICAL_CONSULT").published(TODAY, EDITOR));
    String meniere = "test-" + UUID.randomUUID();
    save(item(meniere, "en", 1, "Ménière disease", "MEDICATION_REVIEW").published(TODAY, EDITOR));

    assertThat(slugs(items.search("electromiografía", "es", 50))).containsExactly(spanish);
    assertThat(slugs(items.search("electromiografia", "es", 50))).containsExactly(spanish);
    assertThat(slugs(items.search("naïve", "en", 50))).containsExactly(naive);
    assertThat(slugs(items.search("meniere", "en", 50))).containsExactly(meniere);
    assertThat(slugs(items.search("Ménière", "en", 50))).containsExactly(meniere);
  }

  @Test
  void foldingAccentsKeepsSpanishStemming() {
    // Removing accents before stemming alone would part "operación" from "operar": the Spanish
    // stemmer strips "-ación" only with its accent.
    String slug = "test-" + UUID.randomUUID();
    save(item(slug, "es", 1, "Operar la rodilla", "SURGICAL_CONSULT").published(TODAY, EDITOR));
    String accented = "test-" + UUID.randomUUID();
    save(
        item(accented, "es", 1, "Operación de rodilla", "SURGICAL_CONSULT")
            .published(TODAY, EDITOR));

    assertThat(slugs(items.search("operación", "es", 50))).contains(slug, accented);
    assertThat(slugs(items.search("operaciones", "es", 50))).contains(slug, accented);
    assertThat(slugs(items.search("operacion", "es", 50))).contains(accented);
  }

  @Test
  void searchLeavesOutDraftsAndRetiredVersions() {
    String slug = "test-" + UUID.randomUUID();
    save(item(slug, "en", 1, "Zyxwvut draft", "MEDICATION_REVIEW"));

    assertThat(items.search("zyxwvut", "en", 50)).isEmpty();
  }

  @Test
  void spanishSelectionFallsBackToEnglishItemByItemAndPutsWarningsFirstOnARedFlag() {
    String englishOnly = "test-" + UUID.randomUUID();
    save(item(englishOnly, "en", 1, "Only in English", "HERNIATED_DISC").published(TODAY, EDITOR));

    List<EducationItem> selected =
        library.select(List.of(Cause.HERNIATED_DISC), List.of(Route.PHYSICAL_THERAPY), true, "es");

    assertThat(selected)
        .extracting(EducationItem::slug, EducationItem::locale)
        .startsWith(tuple("seek-help-now", "es"))
        .contains(
            tuple("sciatica", "es"),
            tuple("herniated-disc", "es"),
            tuple("physical-therapy", "es"),
            tuple(englishOnly, "en"));
  }

  @Test
  void withoutRedFlagWarningSignsCloseThePacketAndKindsGiveTheReadingOrder() {
    List<EducationItem> selected =
        library.select(List.of(Cause.MENISCUS_TEAR), List.of(Route.SURGICAL_CONSULT), false, "en");

    assertThat(selected)
        .extracting(EducationItem::slug)
        .containsExactly(
            "knee-pain",
            "meniscus-tear",
            "surgical-consult",
            "treatment-comparison",
            "prevention",
            "faq-how-long",
            "faq-prevention",
            "seek-help-now");
  }

  private static EducationItem item(
      String slug, String locale, int version, String title, String tag) {
    boolean cause = Arrays.stream(Cause.values()).anyMatch(c -> c.name().equals(tag));
    return EducationItem.draft(
        slug,
        locale,
        version,
        title,
        ItemKind.TREATMENT,
        "Summary of " + title,
        "Body of " + title,
        cause ? List.of(tag) : List.of(),
        cause ? List.of() : List.of(tag),
        EDITOR);
  }

  private static DraftRequest draft(String title, String locale, String kind) {
    return new DraftRequest(
        title, "Summary of " + title, "Body of " + title, List.of("LIGAMENT_SPRAIN"), locale, kind);
  }

  private static List<String> slugs(List<SearchHit> hits) {
    return hits.stream().map(SearchHit::slug).toList();
  }

  private EducationItem save(EducationItem item) {
    return items.save(item);
  }
}
