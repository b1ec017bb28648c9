package clinic.content.system;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/**
 * RFC 9457 problem details.
 *
 * @param errors one entry per offending field or parameter
 */
@Serdeable
record Problem(
    String type,
    String title,
    int status,
    @Nullable String detail,
    @Nullable String instance,
    @Nullable List<FieldError> errors) {

  static final String MEDIA_TYPE = "application/problem+json";

  @Serdeable
  record FieldError(@Nullable String field, String message) {}
}
