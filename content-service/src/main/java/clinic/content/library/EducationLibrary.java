package clinic.content.library;

import clinic.events.Cause;
import clinic.events.Route;
import jakarta.inject.Singleton;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Chooses the education items that explain a triage decision: the items tagged with one of the
 * suspected causes (conditions, causes, questions about them), the items tagged with one of the
 * routes (treatments), and the general items without any tag (warning signs, prevention, general
 * questions) that every patient gets. Cause items carry no route tags on purpose: a patient learns
 * about their own causes whatever the route.
 */
@Singleton
public class EducationLibrary {

  /** Every item exists in English; other languages are filled in item by item. */
  public static final String FALLBACK_LANGUAGE = "en";

  private final EducationItemRepository items;

  EducationLibrary(EducationItemRepository items) {
    this.items = items;
  }

  /**
   * The published items about the causes and routes, plus the general ones, each in {@code
   * language} where it has been translated and in English otherwise, in reading order. Warning
   * signs are always included: first when triage found a red flag, otherwise last, as advice on
   * when not to wait.
   */
  public List<EducationItem> select(
      Collection<Cause> causes, Collection<Route> routes, boolean redFlags, String language) {
    Set<String> locales = new LinkedHashSet<>(List.of(language, FALLBACK_LANGUAGE));
    Map<String, EducationItem> bySlug = new LinkedHashMap<>();
    for (EducationItem item : items.findPublishedMatching(locales, names(causes), names(routes))) {
      bySlug.merge(
          item.slug(), item, (kept, other) -> kept.locale().equals(language) ? kept : other);
    }
    return bySlug.values().stream()
        .sorted(
            Comparator.comparingInt((EducationItem item) -> rank(item.kind(), redFlags))
                .thenComparing(EducationItem::slug))
        .toList();
  }

  private static int rank(ItemKind kind, boolean redFlags) {
    if (kind == ItemKind.WARNING_SIGNS) {
      return redFlags ? -1 : ItemKind.values().length;
    }
    return kind.ordinal();
  }

  private static String[] names(Collection<? extends Enum<?>> values) {
    return values.stream().map(Enum::name).distinct().toArray(String[]::new);
  }
}
