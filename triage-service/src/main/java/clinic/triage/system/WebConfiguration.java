package clinic.triage.system;

import clinic.web.ProblemDetailsAdvice;
import clinic.web.RequestSizeLimit;
import java.util.Map;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.util.unit.DataSize;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * Errors are problem details in the Spring services' one style ({@link ProblemDetailsAdvice}; the
 * dashboard's pages handle their own). Bodies over their limit are refused unread ({@link
 * RequestSizeLimit}): {@code triage.replay.max-bytes} for a candidate ruleset ({@code POST
 * /api/triage/replay}, an upload to {@code /api/triage/rulesets} or {@code /dashboard/rulesets}),
 * {@code triage.max-request-size} for every other body (a what-if's answers are a few kilobytes).
 */
@Configuration(proxyBeanMethods = false)
@Import(ProblemDetailsAdvice.class)
class WebConfiguration {

  static final String REPLAY = "/api/triage/replay";
  static final String UPLOAD = "/api/triage/rulesets";
  static final String UPLOAD_FORM = "/dashboard/rulesets";

  @Bean
  RequestSizeLimit requestSizeLimit(
      @Qualifier("handlerExceptionResolver") HandlerExceptionResolver problems,
      @Value("${triage.replay.max-bytes:256KB}") DataSize replay,
      @Value("${triage.max-request-size:64KB}") DataSize other) {
    return new RequestSizeLimit(
        problems,
        new RequestSizeLimit.Limit("triage.max-request-size", other),
        Map.of(
            REPLAY,
            new RequestSizeLimit.Limit("triage.replay.max-bytes", replay),
            UPLOAD,
            new RequestSizeLimit.Limit("triage.replay.max-bytes", replay),
            UPLOAD_FORM,
            new RequestSizeLimit.Limit("triage.replay.max-bytes", replay)));
  }
}
