package clinic.identity.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import clinic.identity.IdentityApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

@ExtendWith(OutputCaptureExtension.class)
class LocalProfileGuardTest {

  @Test
  void refusesToStartWithoutTheLocalProfile(CapturedOutput output) {
    assertThatThrownBy(() -> start("--server.port=0"))
        .isInstanceOf(LocalProfileRequiredException.class)
        .hasMessageContaining("identity is the demo provider for ./run")
        .hasMessageContaining("start it with the local profile")
        .hasMessageContaining("CLINIC_ISSUER_URI");
    assertThat(output)
        .contains("APPLICATION FAILED TO START")
        .contains("--spring.profiles.active=local")
        .doesNotContain("Demo sign-in")
        .doesNotContain("Tomcat started");
  }

  @Test
  void anotherProfileIsNoSubstitute() {
    assertThatThrownBy(() -> start("--server.port=0", "--spring.profiles.active=prod"))
        .isInstanceOf(LocalProfileRequiredException.class);
  }

  private static void start(String... args) {
    new SpringApplicationBuilder(IdentityApplication.class).run(args).close();
  }
}
