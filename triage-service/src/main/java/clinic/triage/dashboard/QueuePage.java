package clinic.triage.dashboard;

import clinic.events.Route;
import clinic.events.Urgency;
import clinic.notifications.Delivery;
import clinic.triage.referral.Queue;
import clinic.triage.referral.QueueFilter;
import clinic.triage.referral.ReferralStatus;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * What {@code dashboard/queue.html} shows: the filtered queue, the links that change one filter and
 * keep the others, and which referrals have a notification that gave up.
 *
 * @param filterIgnored a filter value was not recognised and is ignored (the page says so)
 * @param undeliverable the referrals with a team notification that waits for a person
 * @param routeLinks the queue of each route under the same urgency and status
 * @param fragmentLink the queue section alone, for the page's script to swap in
 */
record QueuePage(
    QueueFilter filter,
    boolean filterIgnored,
    Queue queue,
    Set<UUID> undeliverable,
    Map<Route, String> routeLinks,
    String anyRouteLink,
    String fragmentLink) {

  static QueuePage from(
      QueueFilter filter, boolean filterIgnored, Queue queue, List<Delivery> undeliverable) {
    Map<Route, String> routeLinks = new LinkedHashMap<>();
    for (Route r : Route.values()) {
      routeLinks.put(r, link("/dashboard", r, filter.urgency(), filter.status()));
    }
    return new QueuePage(
        filter,
        filterIgnored,
        queue,
        referralIds(undeliverable),
        routeLinks,
        link("/dashboard", null, filter.urgency(), filter.status()),
        link("/dashboard/queue", filter.route(), filter.urgency(), filter.status()));
  }

  private static String link(String path, Route route, Urgency urgency, ReferralStatus status) {
    var uri = UriComponentsBuilder.fromPath(path);
    if (route != null) {
      uri.queryParam("route", route.name());
    }
    if (urgency != null) {
      uri.queryParam("urgency", urgency.name());
    }
    if (status != null) {
      uri.queryParam("status", status.name());
    }
    return uri.toUriString();
  }

  private static Set<UUID> referralIds(List<Delivery> deliveries) {
    Set<UUID> referralIds = new HashSet<>();
    for (Delivery delivery : deliveries) {
      try {
        referralIds.add(UUID.fromString(delivery.reference()));
      } catch (IllegalArgumentException notAReferral) {
        // Not one of triage's referral notifications.
      }
    }
    return referralIds;
  }
}
