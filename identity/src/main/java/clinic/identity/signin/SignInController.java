package clinic.identity.signin;

import clinic.identity.account.Accounts;
import clinic.identity.system.IdentityProperties;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The sign-in page (Spring Security's form login posts to {@code /login}). */
@Controller
class SignInController {

  private final Accounts accounts;
  private final IdentityProperties properties;

  SignInController(Accounts accounts, IdentityProperties properties) {
    this.accounts = accounts;
    this.properties = properties;
  }

  @GetMapping("/login")
  String signIn(
      @RequestParam(name = "error", required = false) String failed,
      @RequestParam(name = "logout", required = false) String signedOut,
      Model model) {
    model.addAttribute("failed", failed != null);
    model.addAttribute("signedOut", signedOut != null);
    model.addAttribute("staff", accounts.staff());
    model.addAttribute("gatewayUrl", properties.gatewayUrl());
    return "login";
  }

  /** Someone who signed in here directly rather than through the gateway: the clinic is there. */
  @GetMapping("/")
  String home() {
    return "redirect:" + properties.gatewayUrl() + "/";
  }
}
