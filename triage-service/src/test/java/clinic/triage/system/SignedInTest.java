package clinic.triage.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import clinic.events.Actor;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.AuthenticationCredentialsNotFoundException;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/** Who acts, from the access token: sub, and name, else preferred_username, else sub. */
class SignedInTest {

  private static Jwt.Builder jwt(String subject) {
    return Jwt.withTokenValue("token")
        .header("alg", "RS256")
        .subject(subject)
        .issuedAt(Instant.now())
        .expiresAt(Instant.now().plusSeconds(60));
  }

  @Test
  void theNameClaimNamesTheActor() {
    Actor actor =
        SignedIn.actor(
            new JwtAuthenticationToken(
                jwt("u-ada")
                    .claim("name", "  Dr Ada  ")
                    .claim("preferred_username", "ada")
                    .build()));

    assertThat(actor).isEqualTo(new Actor("u-ada", "Dr Ada"));
  }

  @Test
  void withoutANameThePreferredUsernameThenTheSubject() {
    assertThat(SignedIn.actor(jwt("u-ada").claim("preferred_username", "ada").build()))
        .isEqualTo(new Actor("u-ada", "ada"));
    assertThat(SignedIn.actor(jwt("demo-clinician").claim("name", " ").build()))
        .isEqualTo(new Actor("demo-clinician", "demo-clinician"));
  }

  @Test
  void aVeryLongNameIsCutToTheContractsLimit() {
    Actor actor = SignedIn.actor(jwt("u-long").claim("name", "A".repeat(500)).build());

    assertThat(actor.name()).hasSize(200);
  }

  @Test
  void onlyATokenMakesAnActor() {
    assertThatThrownBy(() -> SignedIn.actor(new TestingAuthenticationToken("ada", "pw", List.of())))
        .isInstanceOf(AuthenticationCredentialsNotFoundException.class);
    assertThatThrownBy(
            () -> SignedIn.actor((org.springframework.security.core.Authentication) null))
        .isInstanceOf(AuthenticationCredentialsNotFoundException.class);
  }
}
