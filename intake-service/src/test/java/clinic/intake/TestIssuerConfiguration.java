package clinic.intake;

import clinic.security.testing.TestIssuer;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistrar;

/** Points the service at the test JVM's token issuer, whose port is known only once it runs. */
@TestConfiguration(proxyBeanMethods = false)
class TestIssuerConfiguration {

  @Bean
  static DynamicPropertyRegistrar issuer() {
    return registry ->
        registry.add(
            "spring.security.oauth2.resourceserver.jwt.issuer-uri",
            () -> TestIssuer.shared().issuerUri());
  }
}
