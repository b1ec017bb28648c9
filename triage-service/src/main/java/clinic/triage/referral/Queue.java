package clinic.triage.referral;

import clinic.events.Route;
import java.util.List;
import java.util.Map;

/**
 * The referrals a filter selects, most urgent first then longest waiting, and how many each route
 * has under the same urgency and status filter (all routes, zeros included).
 */
public record Queue(List<ReferralView> referrals, Map<Route, Long> countsByRoute) {}
