package clinic.triage.rules;

import static clinic.triage.rules.Condition.all;
import static clinic.triage.rules.Condition.atLeast;
import static clinic.triage.rules.Condition.includesAny;
import static clinic.triage.rules.Condition.is;
import static clinic.triage.rules.Condition.yes;
import static clinic.triage.rules.Outcome.alsoRouteTo;
import static clinic.triage.rules.Outcome.redFlag;
import static clinic.triage.rules.Outcome.routeTo;
import static clinic.triage.rules.Outcome.suspect;

import clinic.events.Cause;
import clinic.events.Route;
import clinic.events.TriageDecided.Strength;
import clinic.events.Urgency;
import java.util.List;

/**
 * The clinic's first ruleset, for questionnaire v1 (back, leg and knee pain). Kept as one flat list
 * of rules, each a condition on question ids and an outcome, so it can move to a reviewed data file
 * without changing meaning. Cause categories come from the clinic's reference document
 * (shared/seed); thresholds and urgencies from the published guidance named in each rule.
 */
final class SpineAndKneeRules {

  private static final Condition KNEE_HURTS = includesAny("painAreas", "LEFT_KNEE", "RIGHT_KNEE");

  /** Severe on the 0-10 numeric pain rating scale. */
  private static final int SEVERE_PAIN = 7;

  /** NICE NG226: osteoarthritis can be diagnosed clinically from age 45. */
  private static final int OSTEOARTHRITIS_AGE = 45;

  static final Ruleset V0_1_0 =
      new Ruleset(
          "0.1.0",
          List.of(
              new Rule(
                  "CAUDA_EQUINA_BLADDER_BOWEL",
                  yes("bladderOrBowelChange"),
                  redFlag("CAUDA_EQUINA", "New change in bladder or bowel control")
                      .andRouteTo(Route.SURGICAL_CONSULT, Urgency.EMERGENCY),
                  Urgency.URGENT,
                  "Red flag: a new bladder or bowel change with back or leg pain can mean the"
                      + " nerves at the base of the spine are compressed (cauda equina syndrome);"
                      + " same-day hospital assessment, whatever else the answers show.",
                  "Cauda equina red flags (NICE NG59 and local spinal pathways)"),
              new Rule(
                  "CAUDA_EQUINA_SADDLE_NUMBNESS",
                  yes("saddleNumbness"),
                  redFlag("CAUDA_EQUINA", "Numbness in the saddle area")
                      .andRouteTo(Route.SURGICAL_CONSULT, Urgency.EMERGENCY),
                  Urgency.URGENT,
                  "Red flag: numbness between the legs and around the buttocks (saddle area) can"
                      + " mean cauda equina compression; same-day hospital assessment, whatever"
                      + " else the answers show.",
                  "Cauda equina red flags (NICE NG59 and local spinal pathways)"),
              new Rule(
                  "SCIATICA_RADIATING_PAIN",
                  yes("painRadiatesDownLeg"),
                  suspect(Cause.HERNIATED_DISC, Strength.POSSIBLE)
                      .andRouteTo(Route.PHYSICAL_THERAPY, Urgency.ROUTINE),
                  Urgency.SOON,
                  "Pain travelling from the back down the leg points to an irritated lumbar nerve"
                      + " root, most often from a herniated disc; most cases settle with physical"
                      + " therapy.",
                  "Clinic reference document (causes of sciatica); NICE NG59 (conservative care"
                      + " first)"),
              new Rule(
                  "SCIATICA_WITH_NUMBNESS",
                  all(yes("painRadiatesDownLeg"), yes("legNumbnessOrTingling")),
                  suspect(Cause.HERNIATED_DISC, Strength.LIKELY)
                      .andRouteTo(Route.PHYSICAL_THERAPY, Urgency.ROUTINE),
                  Urgency.SOON,
                  "Numbness or tingling in the leg together with the radiating pain makes"
                      + " nerve-root irritation from a herniated disc likely.",
                  "Clinic reference document (symptoms of sciatica)"),
              new Rule(
                  "SCIATICA_SEVERE_PAIN",
                  all(yes("painRadiatesDownLeg"), atLeast("painNow", SEVERE_PAIN)),
                  routeTo(Route.PHYSICAL_THERAPY, Urgency.SOON),
                  Urgency.SOON,
                  "Radiating pain rated 7 or more out of 10: physical therapy should start soon"
                      + " rather than routinely.",
                  "Numeric pain rating scale (7-10 severe); NICE NG59 (severe radicular pain)"),
              new Rule(
                  "MENISCUS_TWISTING_INJURY",
                  all(KNEE_HURTS, is("kneeInjury", "TWISTING")),
                  suspect(Cause.MENISCUS_TEAR, Strength.POSSIBLE)
                      .andRouteTo(Route.PHYSICAL_THERAPY, Urgency.ROUTINE),
                  Urgency.SOON,
                  "Knee pain after a twisting injury is the typical story of a meniscus tear;"
                      + " rehabilitation first unless the knee locks or gives way.",
                  "Local knee pathways (meniscus tear: twisting injury, catching or locking)"),
              new Rule(
                  "MENISCUS_LOCKED_KNEE",
                  all(KNEE_HURTS, yes("kneeLocking")),
                  suspect(Cause.MENISCUS_TEAR, Strength.LIKELY)
                      .andRedFlag("LOCKED_KNEE", "The knee locks and cannot fully straighten")
                      .andRouteTo(Route.SURGICAL_CONSULT, Urgency.URGENT),
                  Urgency.URGENT,
                  "A knee that locks suggests a torn piece of meniscus blocking the joint; a"
                      + " locked knee needs a knee surgeon's opinion within days.",
                  "Local knee pathways (true locking: urgent referral to a knee surgeon)"),
              new Rule(
                  "LIGAMENT_PIVOT_WITH_POP",
                  all(KNEE_HURTS, is("kneeInjury", "PIVOT_WITH_POP")),
                  suspect(Cause.LIGAMENT_SPRAIN, Strength.LIKELY)
                      .andRouteTo(Route.SURGICAL_CONSULT, Urgency.SOON),
                  Urgency.SOON,
                  "A pop felt while pivoting is the typical story of a ligament tear; a suspected"
                      + " ligament rupture is assessed in an acute knee clinic within weeks of the"
                      + " injury.",
                  "Local knee pathways (ligament injury: acute knee clinic within about 6 weeks)"),
              new Rule(
                  "KNEE_OSTEOARTHRITIS",
                  all(
                      KNEE_HURTS,
                      is("kneeInjury", "NONE"),
                      atLeast(Answers.AGE_YEARS, OSTEOARTHRITIS_AGE)),
                  suspect(Cause.OSTEOARTHRITIS, Strength.POSSIBLE)
                      .andRouteTo(Route.PHYSICAL_THERAPY, Urgency.ROUTINE),
                  Urgency.SOON,
                  "Knee pain without an injury at 45 or older fits osteoarthritis; exercise and"
                      + " strengthening with a physical therapist come first.",
                  "NICE NG226 (clinical diagnosis from age 45; exercise first line)"),
              new Rule(
                  "REFERRED_KNEE_PAIN",
                  all(KNEE_HURTS, yes("painRadiatesDownLeg")),
                  suspect(Cause.REFERRED_KNEE_PAIN, Strength.POSSIBLE)
                      .andRouteTo(Route.PHYSICAL_THERAPY, Urgency.ROUTINE),
                  Urgency.SOON,
                  "The knee hurts and pain also radiates down the leg: the knee pain may come"
                      + " from the irritated sciatic nerve rather than from the knee itself.",
                  "Clinic reference document (knee pain referred from the sciatic nerve)"),
              new Rule(
                  "SEVERE_PAIN_MEDICATION_REVIEW",
                  atLeast("painNow", SEVERE_PAIN),
                  alsoRouteTo(Route.MEDICATION_REVIEW),
                  Urgency.SOON,
                  "Pain rated 7 or more out of 10 now: a medication review should check that pain"
                      + " relief is adequate and safe.",
                  "Numeric pain rating scale (7-10 severe); NICE NG59 (medicines for sciatica)")),
          new Rule(
              "NO_RULE_MATCHED",
              all(),
              routeTo(Route.PHYSICAL_THERAPY, Urgency.ROUTINE),
              Urgency.SOON,
              "No rule matched these answers: a physical therapy assessment is proposed by"
                  + " default and a clinician should review the intake.",
              "Ruleset default"));

  private SpineAndKneeRules() {}
}
