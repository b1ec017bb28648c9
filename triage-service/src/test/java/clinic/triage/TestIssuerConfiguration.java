package clinic.triage;

import clinic.security.testing.TestIssuer;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistrar;

/**
 * Points the service's sign-in at the test JVM's real token issuer (signed JWTs, discovery and JWKS
 * on loopback). The security chain stays exactly as in production.
 */
@TestConfiguration(proxyBeanMethods = false)
public class TestIssuerConfiguration {

  public static final String ISSUER_PROPERTY =
      "spring.security.oauth2.resourceserver.jwt.issuer-uri";

  @Bean
  static DynamicPropertyRegistrar testIssuer() {
    return registry -> registry.add(ISSUER_PROPERTY, () -> TestIssuer.shared().issuerUri());
  }
}
