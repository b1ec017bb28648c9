package clinic.triage.dashboard;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The service's root is the clinicians' queue, so the plain address opens it. A mapped handler
 * rather than a view controller, so that the endpoint enumeration test sees it and its role rule.
 */
@Controller
class DashboardHome {

  @GetMapping("/")
  String home() {
    return "redirect:/dashboard";
  }
}
