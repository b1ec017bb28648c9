package clinic.triage.rules;

import clinic.events.Urgency;

/**
 * One triage rule: when it applies, what it adds to the decision, and what a clinician reads about
 * it.
 *
 * @param id stable identifier, recorded with every decision the rule contributed to
 * @param explanation plain language for the clinician: what the answers suggest and why
 * @param source where the threshold or the link comes from
 * @param ifUnanswered how soon someone must look at the intake when this rule cannot be decided
 *     because an answer it needs is missing
 */
record Rule(
    String id,
    Condition when,
    Outcome then,
    Urgency ifUnanswered,
    String explanation,
    String source) {}
