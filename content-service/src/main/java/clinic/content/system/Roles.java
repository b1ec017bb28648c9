package clinic.content.system;

/**
 * The staff roles of the clinic, as the identity provider puts them in the token's roles claim.
 * Constants, so that {@code @Secured} can name them.
 */
public final class Roles {

  public static final String FRONT_DESK = "FRONT_DESK";
  public static final String CLINICIAN = "CLINICIAN";
  public static final String RECEIVING_TEAM = "RECEIVING_TEAM";
  public static final String CONTENT_EDITOR = "CONTENT_EDITOR";
  public static final String ADMIN = "ADMIN";

  /** Not a person's role: the Prometheus scraper's client has it, and it opens only /prometheus. */
  public static final String METRICS = "METRICS";

  private Roles() {}
}
