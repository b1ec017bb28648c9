package clinic.content.library;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The library files as written: their format, and the checks that keep a broken one out. */
class LibraryFileTest {

  private static final Map<String, byte[]> LIBRARY =
      LibraryFile.readAll(LibraryFileTest.class.getClassLoader());

  @Test
  void everyItemOfTheLibraryIsThereInEnglishAndSpanishAndParses() {
    List<LibraryFile> files = EducationLibraryMigration.parse(LIBRARY);

    assertThat(files).hasSize(42);
    for (String locale : List.of("en", "es")) {
      assertThat(files)
          .filteredOn(file -> file.locale().equals(locale))
          .extracting(LibraryFile::slug)
          .containsExactlyInAnyOrderElementsOf(EducationItemRepositoryTest.LIBRARY);
    }
    assertThat(files)
        .allSatisfy(
            file -> {
              assertThat(file.body()).doesNotStartWith("---").isNotBlank();
              assertThat(file.summary()).isNotBlank();
              assertThat(file.reviewer()).isNotBlank();
              assertThat(file.reviewedOn()).isEqualTo(LocalDate.of(2026, 11, 24));
            });
  }

  @Test
  void frontMatterBecomesTheItemsFieldsAndTheBodyStaysMarkdown() {
    LibraryFile file = parse("meniscus-tear.es.md", LIBRARY.get("meniscus-tear.es.md"));

    assertThat(file.slug()).isEqualTo("meniscus-tear");
    assertThat(file.locale()).isEqualTo("es");
    assertThat(file.title()).isEqualTo("Desgarro de menisco");
    assertThat(file.kind()).isEqualTo(ItemKind.CAUSE);
    assertThat(file.causes()).containsExactly("MENISCUS_TEAR");
    assertThat(file.routes()).isEmpty();
    assertThat(file.body()).startsWith("## Qué es").endsWith("\n");
    assertThat(file.sha256()).matches("^[0-9a-f]{64}$");
  }

  @Test
  void seekHelpNowHasNoTagsAndCauseItemsHaveNoRouteTags() {
    List<LibraryFile> files = EducationLibraryMigration.parse(LIBRARY);

    assertThat(files)
        .filteredOn(file -> file.slug().equals("seek-help-now"))
        .allSatisfy(
            file -> {
              assertThat(file.kind()).isEqualTo(ItemKind.WARNING_SIGNS);
              assertThat(file.causes()).isEmpty();
              assertThat(file.routes()).isEmpty();
            });
    assertThat(files)
        .filteredOn(file -> file.kind() == ItemKind.CAUSE)
        .allSatisfy(file -> assertThat(file.routes()).isEmpty());
  }

  @Test
  void fileWithWrongNameTagOrMissingFieldIsRefusedNamingTheFile() {
    assertThatThrownBy(() -> parse("sciatica.es.md", file("sciatica", "en", "CONDITION", "[]")))
        .hasMessageContaining("sciatica.es.md")
        .hasMessageContaining("must match the file name");
    assertThatThrownBy(() -> parse("x.en.md", file("x", "en", "CONDITION", "[FLU]")))
        .hasMessageContaining("x.en.md")
        .hasMessageContaining("FLU");
    assertThatThrownBy(() -> parse("x.en.md", file("x", "en", "RECIPE", "[]")))
        .hasMessageContaining("'kind'");
    assertThatThrownBy(() -> parse("x.en.md", "no front matter".getBytes(StandardCharsets.UTF_8)))
        .hasMessageContaining("front matter");
    assertThatThrownBy(
            () ->
                parse(
                    "x.en.md",
                    "---\nslug: x\nlocale: en\n---\nBody".getBytes(StandardCharsets.UTF_8)))
        .hasMessageContaining("'title'");
  }

  @Test
  void libraryWithoutEnglishOrWithLanguagesThatDisagreeIsRefused() {
    Map<String, byte[]> onlySpanish = Map.of("x.es.md", file("x", "es", "CONDITION", "[]"));
    assertThatThrownBy(() -> EducationLibraryMigration.parse(onlySpanish))
        .hasMessageContaining("no English version");

    Map<String, byte[]> disagreeing = new TreeMap<>();
    disagreeing.put("x.en.md", file("x", "en", "CONDITION", "[MENISCUS_TEAR]"));
    disagreeing.put("x.es.md", file("x", "es", "CONDITION", "[LIGAMENT_SPRAIN]"));
    assertThatThrownBy(() -> EducationLibraryMigration.parse(disagreeing))
        .hasMessageContaining("x.es.md")
        .hasMessageContaining("kind, causes and routes");
  }

  @Test
  void checksumChangesWithAnyFileAndOnlyThen() {
    Map<String, byte[]> changed = new TreeMap<>(LIBRARY);
    changed.put("sciatica.en.md", file("sciatica", "en", "CONDITION", "[HERNIATED_DISC]"));

    assertThat(new EducationLibraryMigration(() -> LIBRARY).getChecksum())
        .isEqualTo(new EducationLibraryMigration(() -> new TreeMap<>(LIBRARY)).getChecksum())
        .isNotEqualTo(new EducationLibraryMigration(() -> changed).getChecksum());
    assertThat(new EducationLibraryMigration(() -> LIBRARY).getVersion())
        .as("repeatable: run again whenever the checksum changes")
        .isNull();
  }

  static byte[] file(String slug, String locale, String kind, String causes) {
    return """
        ---
        slug: %s
        locale: %s
        title: Title of %1$s
        kind: %s
        causes: %s
        routes: []
        summary: Summary of %1$s.
        reviewer: Test reviewer
        reviewed: 2026-12-01
        ---

        Body of %1$s in %2$s.
        """
        .formatted(slug, locale, kind, causes)
        .getBytes(StandardCharsets.UTF_8);
  }

  private static LibraryFile parse(String name, byte[] content) {
    return LibraryFile.parse(name, content);
  }
}
