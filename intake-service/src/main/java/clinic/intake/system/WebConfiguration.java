package clinic.intake.system;

import clinic.web.ProblemDetailsAdvice;
import clinic.web.RequestSizeLimit;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.util.unit.DataSize;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.i18n.CookieLocaleResolver;
import org.springframework.web.servlet.i18n.LocaleChangeInterceptor;

/**
 * The language of pages and messages: {@code ?lang=es} switches (and is remembered in a cookie, so
 * the confirmation page after the form stays in Spanish); otherwise the browser's Accept-Language;
 * without either, English, whatever the server's own locale. A controller method's {@code Actor}
 * parameter is the signed-in user ({@link SignedIn}). Errors are problem details in the Spring
 * services' one style ({@link ProblemDetailsAdvice}); bodies over {@code intake.max-request-size}
 * are refused unread ({@link RequestSizeLimit}).
 */
@Configuration(proxyBeanMethods = false)
@Import(ProblemDetailsAdvice.class)
class WebConfiguration implements WebMvcConfigurer {

  /** A whole questionnaire is a few kilobytes. */
  @Bean
  RequestSizeLimit requestSizeLimit(
      @Qualifier("handlerExceptionResolver") HandlerExceptionResolver problems,
      @Value("${intake.max-request-size:64KB}") DataSize maxSize) {
    return new RequestSizeLimit(
        problems, new RequestSizeLimit.Limit("intake.max-request-size", maxSize), Map.of());
  }

  @Bean
  LocaleResolver localeResolver() {
    var resolver = new CookieLocaleResolver("lang");
    resolver.setCookieMaxAge(Duration.ofDays(365));
    resolver.setCookieSameSite("Lax");
    resolver.setDefaultLocaleFunction(
        request ->
            request.getHeader("Accept-Language") == null ? Locale.ENGLISH : request.getLocale());
    return resolver;
  }

  @Override
  public void addInterceptors(InterceptorRegistry registry) {
    var interceptor = new LocaleChangeInterceptor();
    interceptor.setParamName("lang");
    interceptor.setIgnoreInvalidLocale(true);
    registry.addInterceptor(interceptor);
  }

  @Override
  public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
    resolvers.add(new SignedIn());
  }
}
