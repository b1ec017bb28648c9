package clinic.triage.notification;

import clinic.events.ReferralConfirmed;
import clinic.events.ReferralOverridden;
import clinic.events.Route;
import clinic.events.TriageDecided;
import clinic.events.Urgency;
import clinic.notifications.Notification;
import clinic.notifications.Notifications;
import clinic.notifications.NotificationsProperties;
import clinic.triage.decision.Decision;
import clinic.triage.decision.DecisionRepository;
import clinic.triage.referral.Referrals;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * Enqueues the receiving team's notifications inside the transaction that confirms or overrides a
 * referral, or that stores an emergency or urgent decision: the notification exists if and only if
 * that change commits. Plain (synchronous) listeners on the events the referral lifecycle and
 * triage publish, hence {@link Propagation#MANDATORY}.
 *
 * <p>Each notification's id is derived from its cause (the transition or decision id) and the
 * route, so a redelivered intake or a repeated request can never enqueue a second copy. Only a
 * confirmation or override is recorded in {@code referral_notification}, so that its delivery moves
 * the referral to SENT ({@link SentOnDelivery}); an early warning is sent before any clinician
 * stood behind the referral and must not.
 */
@Component
class TeamNotifier {

  static final String TOPIC_REFERRAL = "referral-to-team";
  static final String TOPIC_EARLY_WARNING = "referral-early-warning";

  private static final Logger log = LoggerFactory.getLogger(TeamNotifier.class);

  private final Notifications notifications;
  private final TeamProperties teams;
  private final NotificationsProperties delivery;
  private final ObjectProvider<JavaMailSender> mail;
  private final DecisionRepository decisions;
  private final JdbcClient jdbc;
  private final JsonMapper json;
  private final String publicUrl;

  TeamNotifier(
      Notifications notifications,
      TeamProperties teams,
      NotificationsProperties delivery,
      ObjectProvider<JavaMailSender> mail,
      DecisionRepository decisions,
      JdbcClient jdbc,
      JsonMapper json,
      @Value("${triage.public-url:http://localhost:8082}") String publicUrl) {
    this.notifications = notifications;
    this.teams = teams;
    this.delivery = delivery;
    this.mail = mail;
    this.decisions = decisions;
    this.jdbc = jdbc;
    this.json = json;
    this.publicUrl =
        publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
  }

  @EventListener
  @Transactional(propagation = Propagation.MANDATORY)
  void onConfirmed(ReferralConfirmed confirmed) {
    Decision decision = decision(confirmed.intakeId(), confirmed.decisionId());
    TeamMessage message =
        new TeamMessage(
            TeamMessage.CONFIRMED,
            confirmed.referralId(),
            confirmed.intakeId(),
            confirmed.escalation(),
            confirmed.route(),
            confirmed.urgency(),
            decision.redFlags(),
            decision.causes(),
            decision.explanation(),
            confirmed.confirmedBy().name(),
            null,
            link(confirmed.referralId()));
    enqueue(confirmed.transitionId(), TOPIC_REFERRAL, message, true);
  }

  @EventListener
  @Transactional(propagation = Propagation.MANDATORY)
  void onOverridden(ReferralOverridden overridden) {
    Decision decision = decision(overridden.intakeId(), overridden.decisionId());
    TeamMessage message =
        new TeamMessage(
            TeamMessage.OVERRIDDEN,
            overridden.referralId(),
            overridden.intakeId(),
            overridden.escalation(),
            overridden.route(),
            overridden.urgency(),
            decision.redFlags(),
            decision.causes(),
            decision.explanation(),
            overridden.overriddenBy().name(),
            overridden.reason(),
            link(overridden.referralId()));
    enqueue(overridden.transitionId(), TOPIC_REFERRAL, message, true);
  }

  /**
   * An emergency or urgent decision warns the team at once, before any clinician looked at it: on
   * the intake's first decision, and on a re-triage that makes the patient more urgent than the
   * previous decision did (a re-triage that stays as urgent warns nobody twice). The warning goes
   * to the route the decision proposes.
   */
  @EventListener
  @Transactional(propagation = Propagation.MANDATORY)
  void onDecided(TriageDecided decided) {
    if (decided.urgency() != Urgency.EMERGENCY && decided.urgency() != Urgency.URGENT) {
      return;
    }
    Optional<Urgency> before =
        decisions.historyFor(decided.intakeId()).stream()
            .filter(d -> d.decisionVersion() < decided.decisionVersion())
            .max(Comparator.comparing(Decision::decisionVersion))
            .map(Decision::urgency);
    if (before.isPresent() && before.get().compareTo(decided.urgency()) <= 0) {
      return;
    }
    UUID referralId = Referrals.referralIdFor(decided.intakeId());
    TeamMessage message =
        new TeamMessage(
            TeamMessage.EARLY_WARNING,
            referralId,
            decided.intakeId(),
            decided.escalation(),
            decided.route(),
            decided.urgency(),
            decided.redFlags(),
            decided.causes(),
            decided.explanation(),
            null,
            null,
            link(referralId));
    enqueue(decided.decisionId(), TOPIC_EARLY_WARNING, message, false);
  }

  private void enqueue(UUID cause, String topic, TeamMessage message, boolean marksSent) {
    String route = slug(message.route());
    String causeKey = cause + "/" + route;
    String reference = message.referralId().toString();
    TeamProperties.Team team = teams.team(route);
    if (hasText(team.email()) && mail.getIfAvailable() != null) {
      record(
          Notification.email(
              causeKey,
              topic,
              reference,
              team.email().strip(),
              message.subject(),
              message.text(),
              null),
          message,
          marksSent);
    }
    if (hasText(team.webhook()) && delivery.webhooks().containsKey(team.webhook().strip())) {
      record(
          Notification.webhook(
              causeKey, topic, reference, team.webhook().strip(), json.writeValueAsString(message)),
          message,
          marksSent);
    }
  }

  private void record(Notification notification, TeamMessage message, boolean marksSent) {
    boolean created = notifications.enqueue(notification);
    if (marksSent) {
      jdbc.sql(
              """
              insert into referral_notification (notification_id, referral_id)
              values (?, ?) on conflict do nothing
              """)
          .params(notification.id(), message.referralId())
          .update();
    }
    log.info(
        "Referral {}: {} notification {} to the {} team {}",
        message.referralId(),
        notification.channel(),
        notification.id(),
        message.route(),
        created ? "enqueued" : "was already enqueued");
  }

  private Decision decision(UUID intakeId, UUID decisionId) {
    List<Decision> history = decisions.historyFor(intakeId);
    return history.stream()
        .filter(d -> d.decisionId().equals(decisionId))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("No decision " + decisionId));
  }

  private String link(UUID referralId) {
    return publicUrl + "/dashboard/referrals/" + referralId;
  }

  /** A route as configuration names it: {@code PHYSICAL_THERAPY} is {@code physical-therapy}. */
  static String slug(Route route) {
    return route.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  private static boolean hasText(String value) {
    return value != null && !value.isBlank();
  }
}
