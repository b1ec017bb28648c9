package clinic.content.library;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.annotation.TypeDef;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.DataType;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.util.Collection;
import java.util.List;

@JdbcRepository(dialect = Dialect.POSTGRES)
public interface EducationItemRepository extends CrudRepository<EducationItem, Long> {

  /**
   * The newest published version of every item in the given languages that explains one of the
   * causes or routes, plus every warning-signs item.
   */
  @Query(
      """
      SELECT DISTINCT ON (slug, locale) *
        FROM education_item
       WHERE status = 'PUBLISHED'
         AND locale IN (:locales)
         AND (cause_tags && CAST(:causes AS TEXT[])
              OR route_tags && CAST(:routes AS TEXT[])
              OR kind = 'WARNING_SIGNS')
       ORDER BY slug, locale, version DESC
      """)
  List<EducationItem> findPublishedMatching(
      Collection<String> locales,
      @TypeDef(type = DataType.STRING_ARRAY) String[] causes,
      @TypeDef(type = DataType.STRING_ARRAY) String[] routes);

  List<EducationItem> findByIdIn(Collection<Long> ids);
}
