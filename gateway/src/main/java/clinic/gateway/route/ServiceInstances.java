package clinic.gateway.route;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.cloud.client.discovery.simple.InstanceProperties;
import org.springframework.cloud.client.discovery.simple.SimpleDiscoveryProperties;
import org.springframework.cloud.gateway.server.mvc.common.MvcUtils;
import org.springframework.cloud.gateway.server.mvc.filter.RetryFilterFunctions;
import org.springframework.cloud.loadbalancer.annotation.LoadBalancerClients;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.servlet.function.HandlerFilterFunction;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * The instances of each service, for Spring Cloud LoadBalancer: the configured URLs become the
 * SimpleDiscoveryClient's instances of the service ids {@code intake}, {@code triage} and {@code
 * content}, which the routes balance round-robin ({@code lb(...)}).
 *
 * <p>An instance that is down (killed, restarting) refuses the connection; the request then goes to
 * the next instance ({@link #nextInstanceOnConnectFailure}), so while one instance of a service is
 * up nobody sees a 502. A refused connection is retried for every method: the request never reached
 * a service, so a POST cannot be applied twice. A connection that broke after the request was sent
 * is retried only for a request that may be sent twice ({@link #repeatable}).
 */
@Configuration(proxyBeanMethods = false)
@LoadBalancerClients(defaultConfiguration = AvoidFailedInstances.Configuration.class)
class ServiceInstances {

  static final String INTAKE = "intake";
  static final String TRIAGE = "triage";
  static final String CONTENT = "content";

  /**
   * Replaces the auto-configured one (it is {@code @ConditionalOnMissingBean}); still bound to
   * {@code spring.cloud.discovery.client.simple.*}, so instances may be added there as well.
   */
  @Bean
  SimpleDiscoveryProperties simpleDiscoveryProperties(ServiceUrls urls) {
    SimpleDiscoveryProperties discovery = new SimpleDiscoveryProperties();
    Map<String, List<InstanceProperties>> instances = discovery.getInstances();
    instances.put(INTAKE, instances(INTAKE, urls.intake()));
    instances.put(TRIAGE, instances(TRIAGE, urls.triage()));
    instances.put(CONTENT, instances(CONTENT, urls.content()));
    return discovery;
  }

  private static List<InstanceProperties> instances(String serviceId, List<URI> urls) {
    if (urls == null || urls.isEmpty()) {
      throw new IllegalStateException(
          "No address for %s: set %s_URL, or %s_URLS for several instances"
              .formatted(serviceId, serviceId.toUpperCase(), serviceId.toUpperCase()));
    }
    return urls.stream()
        .map(
            url -> {
              InstanceProperties instance = new InstanceProperties();
              instance.setServiceId(serviceId);
              instance.setInstanceId(serviceId + "@" + url.getAuthority());
              instance.setUri(url);
              return instance;
            })
        .toList();
  }

  /**
   * Tries the request again, on the instance the load balancer chooses next, when the chosen one
   * refused the connection, or when the connection broke before the answer and the request is one
   * that may be sent twice ({@link #repeatable}): the route's {@code lb(...)} filter must come
   * after this one. Five tries in all, 10, 20, 40 and 80 ms apart, each on an instance that has not
   * failed this request yet while there is one ({@link AvoidFailedInstances}).
   */
  @SuppressWarnings("unchecked")
  static HandlerFilterFunction<ServerResponse, ServerResponse> nextInstanceOnConnectFailure() {
    return bodyReadAgainOnRetry().andThen(retry());
  }

  @SuppressWarnings("unchecked")
  private static HandlerFilterFunction<ServerResponse, ServerResponse> retry() {
    return RetryFilterFunctions.retry(
        config ->
            config
                .setRetries(4)
                .setSeries(Set.of())
                .setExceptions(Set.of(ConnectException.class, InstanceLost.class))
                .setBackoff(Duration.ofMillis(10), Duration.ofMillis(100), 2));
  }

  /**
   * The proxy's client reports a refused connection as a {@link ResourceAccessException} around a
   * {@link ConnectException}, as it does a reset or a timeout; the retry filter tells exceptions by
   * class, so this hands it the {@code ConnectException} alone. The instance is remembered as
   * failed for this request ({@link AvoidFailedInstances}), so the retry goes elsewhere.
   */
  static HandlerFilterFunction<ServerResponse, ServerResponse> connectFailureUnwrapped() {
    return (request, next) -> {
      try {
        return next.handle(request);
      } catch (ResourceAccessException e) {
        URI instance = MvcUtils.getAttribute(request, MvcUtils.GATEWAY_REQUEST_URL_ATTR);
        if (e.getCause() instanceof ConnectException refused) {
          AvoidFailedInstances.failed(request.attributes(), instance);
          throw refused;
        }
        if (e.getCause() instanceof IOException broken && repeatable(request)) {
          AvoidFailedInstances.failed(request.attributes(), instance);
          throw new InstanceLost(broken);
        }
        throw e;
      }
    };
  }

  /**
   * The proxy streams a request's body from the servlet request; once sent to an instance whose
   * connection then broke, a second try would send nothing. So the body of a write that carries an
   * {@code Idempotency-Key} is read once here (requests are small: the services limit them) and
   * served afresh to every try.
   */
  static HandlerFilterFunction<ServerResponse, ServerResponse> bodyReadAgainOnRetry() {
    return (request, next) -> {
      HttpServletRequest servlet = request.servletRequest();
      // Reads carry no body; only writes with an Idempotency-Key are sent again after a break.
      if (request.headers().firstHeader(IDEMPOTENCY_KEY) == null
          || servlet.getContentLengthLong() == 0) {
        return next.handle(request);
      }
      byte[] body = servlet.getInputStream().readAllBytes();
      HttpServletRequest again =
          new HttpServletRequestWrapper(servlet) {
            @Override
            public ServletInputStream getInputStream() {
              return new BodyAgain(body);
            }
          };
      return next.handle(ServerRequest.create(again, request.messageConverters()));
    };
  }

  /** The cached body, from its start. */
  private static final class BodyAgain extends ServletInputStream {

    private final ByteArrayInputStream bytes;

    BodyAgain(byte[] body) {
      this.bytes = new ByteArrayInputStream(body);
    }

    @Override
    public int read() {
      return bytes.read();
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
      return bytes.read(buffer, offset, length);
    }

    @Override
    public boolean isFinished() {
      return bytes.available() == 0;
    }

    @Override
    public boolean isReady() {
      return true;
    }

    @Override
    public void setReadListener(ReadListener listener) {
      throw new UnsupportedOperationException("a cached body is read synchronously");
    }
  }

  /**
   * A request the services make safe to send twice: a read, or a write that carries an {@code
   * Idempotency-Key} (intake-service answers a repeat with the intake the key already created).
   * Only these go to the next instance when a connection breaks after the request was sent (the
   * instance killed mid-request): it may have been applied already.
   */
  static boolean repeatable(ServerRequest request) {
    HttpMethod method = request.method();
    return HttpMethod.GET.equals(method)
        || HttpMethod.HEAD.equals(method)
        || HttpMethod.OPTIONS.equals(method)
        || request.headers().firstHeader(IDEMPOTENCY_KEY) != null;
  }

  static final String IDEMPOTENCY_KEY = "Idempotency-Key";

  /** The connection to an instance broke before its answer, for a {@link #repeatable} request. */
  static final class InstanceLost extends IOException {
    InstanceLost(IOException cause) {
      super("The connection to the instance broke before its answer", cause);
    }
  }
}
