package clinic.triage.dashboard;

import clinic.triage.referral.QueueFilter;
import clinic.web.InvalidRequest;

/**
 * The queue's filter form (GET parameters, blank for "any"). The page must still show with a value
 * it does not know: that value is dropped, and the page says so.
 */
record FilterForm(String route, String urgency, String status) {

  QueueFilter filter() {
    return QueueFilter.lenient(route, urgency, status);
  }

  boolean ignoresAValue() {
    try {
      QueueFilter.parse(route, urgency, status);
      return false;
    } catch (InvalidRequest unknownValue) {
      return true;
    }
  }
}
