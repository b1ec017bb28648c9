package clinic.gateway.route;

import java.net.URI;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.Request;
import org.springframework.cloud.client.loadbalancer.RequestDataContext;
import org.springframework.cloud.loadbalancer.core.DelegatingServiceInstanceListSupplier;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import reactor.core.publisher.Flux;

/**
 * Leaves out of a request's choice the instances that already failed it (refused the connection, or
 * broke it), unless that would leave none: a retry then goes to an instance not tried yet.
 *
 * <p>Round robin alone hands a retry whatever position comes next. With requests arriving all the
 * time, another request takes the live instance in between, and the retry is handed the dead one
 * again, try after try (the chaos run saw a request fail five times on the instance it had just
 * killed while the other one answered everything else). Spring Cloud LoadBalancer's own {@code
 * RetryAwareServiceInstanceListSupplier} does this for its retrying clients only (it reads a {@code
 * RetryableRequestContext}, which Gateway MVC's {@code lb(...)} does not make), so the gateway
 * keeps the failed instances in the request's attributes, which {@code lb(...)} hands the load
 * balancer with each choice.
 */
final class AvoidFailedInstances extends DelegatingServiceInstanceListSupplier {

  /** The request attribute: the {@code host:port} of each instance that failed this request. */
  static final String FAILED = AvoidFailedInstances.class.getName() + ".failed";

  AvoidFailedInstances(ServiceInstanceListSupplier delegate) {
    super(delegate);
  }

  @Override
  public Flux<List<ServiceInstance>> get() {
    return delegate.get();
  }

  @Override
  public Flux<List<ServiceInstance>> get(Request request) {
    Set<String> failed = failed(request);
    return delegate
        .get(request)
        .map(instances -> failed.isEmpty() ? instances : withoutFailed(instances, failed));
  }

  private static List<ServiceInstance> withoutFailed(
      List<ServiceInstance> instances, Set<String> failed) {
    List<ServiceInstance> left =
        instances.stream().filter(i -> !failed.contains(address(i.getUri()))).toList();
    return left.isEmpty() ? instances : left;
  }

  @SuppressWarnings("unchecked")
  private static Set<String> failed(Request request) {
    if (request != null
        && request.getContext() instanceof RequestDataContext context
        && context.getClientRequest() != null
        && context.getClientRequest().getAttributes() != null
        && context.getClientRequest().getAttributes().get(FAILED) instanceof Set<?> failed) {
      return (Set<String>) failed;
    }
    return Set.of();
  }

  /** Records that the instance at {@code url} failed the request with these attributes. */
  @SuppressWarnings("unchecked")
  static void failed(Map<String, Object> attributes, URI url) {
    if (url == null) {
      return;
    }
    ((Set<String>) attributes.computeIfAbsent(FAILED, name -> new HashSet<String>()))
        .add(address(url));
  }

  private static String address(URI url) {
    return url.getHost() + ":" + url.getPort();
  }

  /**
   * Every service's balancer configuration ({@code @LoadBalancerClients(defaultConfiguration =
   * ...)}): the configured instances, without the ones that failed the request. Not a
   * {@code @Configuration}, so component scanning does not make it the application's own.
   */
  static class Configuration {

    @Bean
    ServiceInstanceListSupplier serviceInstanceListSupplier(
        ConfigurableApplicationContext context) {
      return ServiceInstanceListSupplier.builder()
          .withBlockingDiscoveryClient()
          .with((ctx, delegate) -> new AvoidFailedInstances(delegate))
          .build(context);
    }
  }
}
