package clinic.content.library;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.annotation.TypeDef;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.DataType;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

@JdbcRepository(dialect = Dialect.POSTGRES)
public interface EducationItemRepository extends CrudRepository<EducationItem, Long> {

  /**
   * The published version of every item in the given languages that explains one of the causes or
   * routes, plus the general items (no tags: warning signs, prevention, general questions).
   */
  @Query(
      """
      SELECT * FROM education_item
       WHERE status = 'PUBLISHED'
         AND locale IN (:locales)
         AND (cause_tags && CAST(:causes AS TEXT[])
              OR route_tags && CAST(:routes AS TEXT[])
              OR (cardinality(cause_tags) = 0 AND cardinality(route_tags) = 0)
              OR kind = 'WARNING_SIGNS')
       ORDER BY slug, locale
      """)
  List<EducationItem> findPublishedMatching(
      Collection<String> locales,
      @TypeDef(type = DataType.STRING_ARRAY) String[] causes,
      @TypeDef(type = DataType.STRING_ARRAY) String[] routes);

  List<EducationItem> findByIdIn(Collection<Long> ids);

  Optional<EducationItem> findBySlugAndLocaleAndStatus(
      String slug, String locale, ItemStatus status);

  Optional<EducationItem> findBySlugAndLocaleAndVersion(String slug, String locale, int version);

  List<EducationItem> findBySlugAndLocaleOrderByVersionDesc(String slug, String locale);

  /** Any version of the item, in any language: the item exists and this is its kind. */
  Optional<EducationItem> findFirstBySlugOrderByIdDesc(String slug);

  @Query(
      "SELECT COALESCE(MAX(version), 0) FROM education_item WHERE slug = :slug AND locale = :locale")
  int findLatestVersion(String slug, String locale);

  /** Items by any combination of filters; a null filter does not filter. */
  @Query(
      """
      SELECT * FROM education_item
       WHERE status = :status
         AND (CAST(:kind AS TEXT) IS NULL OR kind = CAST(:kind AS TEXT))
         AND (CAST(:cause AS TEXT) IS NULL OR CAST(:cause AS TEXT) = ANY (cause_tags))
         AND (CAST(:route AS TEXT) IS NULL OR CAST(:route AS TEXT) = ANY (route_tags))
         AND (CAST(:locale AS TEXT) IS NULL OR locale = CAST(:locale AS TEXT))
       ORDER BY slug, locale, version DESC
      """)
  List<EducationItem> filter(
      String status,
      @Nullable String kind,
      @Nullable String cause,
      @Nullable String route,
      @Nullable String locale);

  /**
   * Full-text search of the published items in one language, with that language's stemming and stop
   * words (the same configuration the stored {@code search} column was built with), best matches
   * first: a match in the title weighs more than one in the summary, which weighs more than one in
   * the body. Accents are folded both ways ("cirugia" finds "cirugía" and "cirugía" finds
   * "cirugia"): see {@code V6__search_folds_accents.sql}.
   */
  @Query(
      """
      SELECT i.slug, i.locale, i.version, i.title, i.kind, i.summary,
             CAST(ts_rank(i.search, q) AS DOUBLE PRECISION) AS rank
        FROM education_item i,
             education_search_query(:locale, :text) q
       WHERE i.status = 'PUBLISHED' AND i.locale = :locale AND i.search @@ q
       ORDER BY rank DESC, i.slug
       LIMIT :limit
      """)
  List<SearchHit> search(String text, String locale, int limit);

  /** Moves the published version of an item in one language to history. */
  @Query(
      """
      UPDATE education_item SET status = 'RETIRED'
       WHERE slug = :slug AND locale = :locale AND status = 'PUBLISHED'
      """)
  int retirePublished(String slug, String locale);
}
