package clinic.identity.signin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * The sign-in page's markup: what a screen reader and a password manager rely on. (No browser here:
 * the page has no script, so its HTML is what every browser gets.)
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@ActiveProfiles("local")
class SignInPageTest {

  @LocalServerPort int port;

  @Test
  void fieldsAreLabelledAndTellPasswordManagersWhatTheyAre() {
    String page = page("/login");

    assertThat(page)
        .contains("<html lang=\"en\">")
        .contains("<title>Sign in – Spine and knee clinic</title>")
        .contains("<label for=\"username\">User name</label>")
        .contains(
            "<input id=\"username\" name=\"username\" type=\"text\" autocomplete=\"username\"")
        .contains("<label for=\"password\">Password</label>")
        .contains(
            "<input id=\"password\" name=\"password\" type=\"password\""
                + " autocomplete=\"current-password\"")
        .doesNotContain("role=\"alert\"");
  }

  @Test
  void failedSignInIsAnnouncedAndNamedInTheTitle() {
    String page = page("/login?error");

    assertThat(page)
        .contains("<title>Error: Sign in – Spine and knee clinic</title>")
        .contains("role=\"alert\"")
        .contains("The user name or password is wrong")
        .contains("aria-describedby=\"error-summary\"");
  }

  @Test
  void listsEveryDemoStaffMemberToSignInAs() {
    String page = page("/login");

    assertThat(page)
        .contains("<code>frontdesk</code>", "Frances Front-Desk", "FRONT_DESK")
        .contains("<code>clinician</code>", "Dr Ada Clinician", "CLINICIAN")
        .contains("<code>receiving</code>", "Rui Receiving-Team", "RECEIVING_TEAM")
        .contains("<code>editor</code>", "Edith Editor", "CONTENT_EDITOR")
        .contains("<code>admin</code>", "Alan Admin", "ADMIN");
  }

  private String page(String path) {
    try {
      var response =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                      .header("Accept", "text/html")
                      .build(),
                  BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(200);
      return response.body();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
