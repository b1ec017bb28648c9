package clinic.gateway.route;

import java.net.URI;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** Where each service listens (INTAKE_URL, TRIAGE_URL, CONTENT_URL). */
@ConfigurationProperties("clinic.routes")
record ServiceUrls(URI intake, URI triage, URI content) {}
