package clinic.events;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BaseUrlTest {

  final BaseUrl content = new BaseUrl("https://clinic.example/education");

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://clinic.example/education",
        "https://clinic.example/education/",
        "https://clinic.example/education/abc123",
        "HTTPS://Clinic.Example:443/education/abc123?lang=es"
      })
  void anAddressOnTheBasePathIsUnderIt(String url) {
    assertThat(content.contains(url)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "javascript:alert(document.cookie)",
        "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
        "https://clinic.example/educationx/abc",
        "https://clinic.example/other",
        "https://clinic.example/education/../admin",
        "https://clinic.example.evil.example/education/x",
        "https://clinic.example@evil.example/education/x",
        "https://user@clinic.example/education/x",
        "http://clinic.example/education/x",
        "https://clinic.example:8443/education/x",
        "https://clinic.example/education/x y",
        "https://clinic.example/education/x\\y",
        "https://clinic.example/education/\nx",
        "//clinic.example/education/x",
        "/education/x",
        ""
      })
  void anythingElseIsNot(String url) {
    assertThat(content.contains(url)).isFalse();
  }
}
