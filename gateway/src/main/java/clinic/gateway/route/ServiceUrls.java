package clinic.gateway.route;

import java.net.URI;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where each service's instances listen: {@code INTAKE_URLS} (comma-separated), or {@code
 * INTAKE_URL} for a single one; likewise for triage and content.
 */
@ConfigurationProperties("clinic.routes")
record ServiceUrls(List<URI> intake, List<URI> triage, List<URI> content) {}
