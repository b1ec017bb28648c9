package clinic.content.system;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * RFC 9457 problem details.
 *
 * @param errors one entry per offending field or parameter
 */
@Serdeable
@Schema(name = "Problem", description = "RFC 9457 problem details (application/problem+json).")
public record Problem(
    String type,
    String title,
    int status,
    @Nullable String detail,
    @Nullable String instance,
    @Nullable List<FieldError> errors) {

  public static final String MEDIA_TYPE = "application/problem+json";

  @Serdeable
  @Schema(name = "FieldError", description = "One offending field or parameter.")
  public record FieldError(@Nullable String field, String message) {}
}
