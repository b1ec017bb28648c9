package clinic.content.system;

/**
 * Descriptions of the error responses in the OpenAPI document (micronaut-openapi reads the
 * {@code @ApiResponse} annotations of the controllers at compile time); every one has the {@link
 * Problem} shape.
 */
public final class ApiResponses {

  public static final String UNAUTHORIZED =
      "No token, or one that is invalid, expired or meant for another API.";
  public static final String FORBIDDEN =
      "The token's roles do not include one this endpoint allows.";
  public static final String INVALID = "A parameter or the body breaks a rule; errors names each.";

  private ApiResponses() {}
}
