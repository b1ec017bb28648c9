package clinic.triage;

import static org.awaitility.Awaitility.await;

import clinic.events.IntakeSubmitted;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Brings referrals into being the real way (an intake on the broker) and reads their state. */
public final class Scenario {

  private final Publisher publisher;
  private final JdbcClient jdbc;

  public Scenario(Publisher publisher, JdbcClient jdbc) {
    this.publisher = publisher;
    this.jdbc = jdbc;
  }

  /** Publishes the intake and waits until its referral is committed; returns the referral id. */
  public UUID referralFor(IntakeSubmitted intake) {
    publisher.publish(intake, Intakes.INTAKE_SERVICE);
    return awaitReferral(intake.intakeId());
  }

  public UUID proposedReferral(Map<String, Object> answers) {
    return referralFor(Intakes.submitted(answers));
  }

  public UUID awaitReferral(UUID intakeId) {
    await().atMost(TopicReader.WAIT).until(() -> referralOf(intakeId).isPresent());
    return referralOf(intakeId).orElseThrow();
  }

  public Optional<UUID> referralOf(UUID intakeId) {
    return jdbc.sql("select referral_id from referral where intake_id = ?")
        .param(intakeId)
        .query(UUID.class)
        .optional();
  }

  public int version(UUID referralId) {
    return jdbc.sql("select version from referral where referral_id = ?")
        .param(referralId)
        .query(Integer.class)
        .single();
  }

  public String status(UUID referralId) {
    return jdbc.sql("select status from referral where referral_id = ?")
        .param(referralId)
        .query(String.class)
        .single();
  }

  public int transitions(UUID referralId) {
    return jdbc.sql("select count(*) from referral_transition where referral_id = ?")
        .param(referralId)
        .query(Integer.class)
        .single();
  }

  public int decisions(UUID intakeId) {
    return jdbc.sql("select count(*) from decision where intake_id = ?")
        .param(intakeId)
        .query(Integer.class)
        .single();
  }
}
