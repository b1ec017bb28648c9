package clinic.triage;

import clinic.security.testing.TestIssuer;
import java.util.Locale;

/** Access tokens of the test issuer for the people in the tests. */
public final class Tokens {

  private Tokens() {}

  /** A clinician with this display name; the subject is made from it ("Dr Ada" is u-dr-ada). */
  public static String clinician(String name) {
    return person(name, "CLINICIAN");
  }

  public static String receivingTeam(String name) {
    return person(name, "RECEIVING_TEAM");
  }

  public static String admin() {
    return TestIssuer.shared().tokenFor("ADMIN");
  }

  public static String person(String name, String... roles) {
    return TestIssuer.shared().token(subject(name), name, roles);
  }

  public static String subject(String name) {
    return "u-" + name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
  }
}
