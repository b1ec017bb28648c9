package clinic.triage.system;

import clinic.events.Actor;
import clinic.web.ApiDocumentation;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI document of the JSON API ({@code springdoc.*} in application.yml: where it and
 * Swagger UI are served), with the bearer scheme and problem responses the Spring services share
 * ({@link ApiDocumentation}).
 */
@Configuration(proxyBeanMethods = false)
class ApiDocumentationConfiguration {

  static {
    // The signed-in user (SignedIn resolves it from the token), not a request parameter.
    SpringDocUtils.getConfig().addRequestWrapperToIgnore(Actor.class);
  }

  @Bean
  OpenAPI apiDocument() {
    return new OpenAPI()
        .info(
            new Info()
                .title("triage-service")
                .version("1")
                .description(
                    "Triage decisions and the referral queue: read decisions, confirm, override,"
                        + " cancel, accept and decline referrals, try answers against the"
                        + " ruleset and replay a candidate ruleset."));
  }

  @Bean
  ApiDocumentation apiDocumentation() {
    return new ApiDocumentation();
  }
}
