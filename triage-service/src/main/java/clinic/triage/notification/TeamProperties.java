package clinic.triage.notification;

import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code clinic.teams.<route>}: who receives each route's referrals, e.g. {@code
 * clinic.teams.physical-therapy.email}. A route with neither an address nor a configured webhook
 * target is not notified.
 */
@ConfigurationProperties("clinic")
record TeamProperties(Map<String, Team> teams) {

  TeamProperties {
    teams = teams == null ? Map.of() : Map.copyOf(teams);
  }

  /**
   * @param email the team's address; blank: no e-mail
   * @param webhook the name of a target under {@code clinic.notifications.webhooks}; blank or not
   *     configured there: no webhook
   */
  record Team(String email, String webhook) {}

  Team team(String route) {
    return teams.getOrDefault(route, new Team(null, null));
  }
}
