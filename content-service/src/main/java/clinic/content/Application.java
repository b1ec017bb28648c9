package clinic.content;

import io.micronaut.runtime.Micronaut;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityScheme;

/** The OpenAPI document's title and bearer scheme are read from here at compile time. */
@OpenAPIDefinition(
    info =
        @Info(
            title = "content-service",
            version = "1",
            description =
                "The patient education library (read, draft, publish) and the packets assigned"
                    + " to intakes."))
@SecurityScheme(
    name = "bearer",
    type = SecuritySchemeType.HTTP,
    scheme = "bearer",
    bearerFormat = "JWT",
    description =
        "An access token from the clinic's identity provider for the audience clinic-api, with"
            + " the staff roles in its roles claim. Behind the gateway a signed-in browser's"
            + " token is sent for it.")
public class Application {

  public static void main(String[] args) {
    Micronaut.run(Application.class, args);
  }
}
