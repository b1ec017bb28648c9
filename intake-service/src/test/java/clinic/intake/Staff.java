package clinic.intake;

import clinic.security.testing.TestIssuer;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/**
 * A request sent by a signed-in staff member: {@code Authorization: Bearer} with a real token from
 * the test issuer, e.g. {@code mvc.perform(get("/").with(Staff.frontDesk()))}.
 */
public final class Staff {

  private Staff() {}

  public static RequestPostProcessor frontDesk() {
    return withRole("FRONT_DESK");
  }

  /** The test user of this role ({@code test-clinician}, "Test Clinician" for CLINICIAN). */
  public static RequestPostProcessor withRole(String role) {
    return withToken(TestIssuer.shared().tokenFor(role));
  }

  public static RequestPostProcessor withToken(String token) {
    return request -> {
      request.addHeader(HttpHeaders.AUTHORIZATION, TestIssuer.bearer(token));
      return request;
    };
  }
}
