package clinic.triage.dashboard;

import clinic.events.TriageDecided.SuspectedCause;
import clinic.events.questionnaire.Question;
import clinic.events.questionnaire.Questionnaire;
import clinic.notifications.Delivery;
import clinic.triage.decision.Decision;
import clinic.triage.education.EducationPacket;
import clinic.triage.referral.ReferralStatus;
import clinic.triage.referral.ReferralView;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What {@code dashboard/referral.html} shows: the referral, its latest decision and the history
 * (newest first), the answers and suspected causes in words, the education packet, the team
 * notifications, and the state of its forms.
 *
 * @param problem shown at the top of the page, not tied to one field
 * @param notice what the last action did, after its redirect
 */
record ReferralPage(
    ReferralView referral,
    Decision decision,
    List<Decision> history,
    List<AnswerRow> answers,
    List<CauseRow> causes,
    EducationPacket packet,
    List<Delivery> notifications,
    FormState state,
    Problem problem,
    String notice) {

  /**
   * @param history the intake's decisions, oldest first
   */
  static ReferralPage from(
      ReferralView referral,
      List<Decision> history,
      EducationPacket packet,
      List<Delivery> notifications,
      FormState state,
      Problem problem,
      String notice,
      Labels labels) {
    Decision decision = history.isEmpty() ? null : history.getLast();
    return new ReferralPage(
        referral,
        decision,
        history.reversed(),
        decision == null ? List.of() : AnswerRow.from(decision, labels),
        decision == null ? List.of() : CauseRow.from(decision, labels),
        packet,
        notifications,
        state,
        problem,
        notice);
  }

  /** Only a proposal is confirmed or overridden; an open referral can still be cancelled. */
  public boolean proposed() {
    return referral.status() == ReferralStatus.PROPOSED;
  }

  /** A problem shown at the top of the page, not tied to one field. */
  record Problem(String title, String detail) {

    static final Problem STALE =
        new Problem(
            "Changed by someone else, reload",
            "Someone changed this referral while you had it open, so your change was not saved."
                + " The page now shows the referral as it is: check it, then decide again.");

    static final Problem NOTHING_TO_RETRY =
        new Problem(
            "Nothing to retry",
            "That notification is not waiting for a retry (it is being sent, or was delivered)."
                + " The page shows where it is now.");

    static Problem refused(String title) {
      return new Problem(title, "Nothing was changed. The page shows the referral as it is.");
    }
  }

  /** A question with its readable label and the answer in words. */
  record AnswerRow(String question, String label, String answer) {

    /** Every answer in questionnaire order; ids the questionnaire does not know come last. */
    static List<AnswerRow> from(Decision decision, Labels labels) {
      List<AnswerRow> rows = new ArrayList<>();
      if (decision.ageYears() != null) {
        rows.add(new AnswerRow("ageYears", labels.question("ageYears"), decision.ageYears() + ""));
      }
      Map<String, Object> answers = decision.answers();
      Set<String> shown = new LinkedHashSet<>();
      Questionnaire.CURRENT
          .clinicalQuestions()
          .map(Question::id)
          .filter(answers::containsKey)
          .forEach(shown::add);
      new TreeSet<>(answers.keySet())
          .stream().filter(id -> !shown.contains(id)).forEach(shown::add);
      for (String id : shown) {
        rows.add(new AnswerRow(id, labels.question(id), labels.answer(answers.get(id))));
      }
      return rows;
    }
  }

  /** A suspected cause, how strongly, and the answers that support it, in words. */
  record CauseRow(String cause, String strength, List<String> evidence) {

    static List<CauseRow> from(Decision decision, Labels labels) {
      return decision.causes().stream()
          .map(
              (SuspectedCause cause) ->
                  new CauseRow(
                      labels.code("cause", cause.cause()),
                      labels.code("strength", cause.strength()),
                      cause.evidence().stream()
                          .map(
                              id ->
                                  labels.question(id) + ": " + labels.answer(answer(decision, id)))
                          .toList()))
          .toList();
    }

    private static Object answer(Decision decision, String questionId) {
      if ("ageYears".equals(questionId)) {
        return decision.ageYears();
      }
      Object value = decision.answers().get(questionId);
      return value != null ? value : decision.answersUsed().get(questionId);
    }
  }
}
