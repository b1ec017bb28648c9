package clinic.triage.candidate;

import static org.assertj.core.api.Assertions.assertThat;

import clinic.triage.Api;
import clinic.triage.ScenarioTest;
import clinic.triage.Tokens;
import clinic.triage.TriageServiceTest;
import clinic.triage.rules.Ruleset;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The ruleset pages without a browser: the upload form, a version's report and diff, publish and
 * re-activate forms with a required reason, as an administrator's browser posts them.
 */
@TriageServiceTest
class RulesetPagesTest extends ScenarioTest {

  Api admin() {
    return api.as(Tokens.person("Grace Admin", "ADMIN"));
  }

  static String form(String... pairs) {
    StringBuilder form = new StringBuilder();
    for (int i = 0; i < pairs.length; i += 2) {
      if (!form.isEmpty()) {
        form.append('&');
      }
      form.append(pairs[i])
          .append('=')
          .append(URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
    }
    return form.toString();
  }

  UUID seededId() {
    return jdbc.sql("select ruleset_id from ruleset_version where status = 'SEEDED'")
        .query(UUID.class)
        .single();
  }

  @AfterEach
  void theClinicRulesetIsActiveAgain() {
    UUID active = jdbc.sql("select ruleset_id from ruleset_active").query(UUID.class).single();
    if (!active.equals(seededId())) {
      assertThat(
              admin()
                  .postForm(
                      "/dashboard/rulesets/" + seededId() + "/reactivate",
                      form("reason", "back after a test"))
                  .statusCode())
          .isEqualTo(302);
    }
  }

  @Test
  void anAdministratorUploadsPublishesAndReactivatesFromThePages() throws IOException {
    HttpResponse<String> list = admin().get("/dashboard/rulesets");
    assertThat(list.statusCode()).isEqualTo(200);
    assertThat(list.body())
        .contains("<h1>Triage ruleset versions</h1>")
        .contains(Ruleset.loadDefault().version())
        .contains("Upload a candidate ruleset");

    // Without a reason: the page again, naming the field, with what was typed kept.
    HttpResponse<String> missing =
        admin().postForm("/dashboard/rulesets", form("ruleset", "version: x", "reason", " "));
    assertThat(missing.statusCode()).isEqualTo(400);
    assertThat(missing.body())
        .contains("There is a problem")
        .contains("href=\"#reason\"")
        .contains("aria-invalid=\"true\"")
        .contains("version: x");

    HttpResponse<String> uploaded =
        admin()
            .postForm(
                "/dashboard/rulesets",
                form(
                    "ruleset",
                    RulesetLifecycleTest.withVersion(
                        RulesetLifecycleTest.clinicRuleset(), "2099.7-page"),
                    "reason",
                    "from the page"));
    assertThat(uploaded.statusCode()).isEqualTo(302);
    String location = uploaded.headers().firstValue("Location").orElseThrow();
    assertThat(location).startsWith("/dashboard/rulesets/");

    HttpResponse<String> detail = admin().get(location);
    assertThat(detail.statusCode()).isEqualTo(200);
    assertThat(detail.body())
        .contains("The safety gate passed this version.")
        .contains("Safety gate: passed")
        .contains("Added: none")
        .contains("Publish this version")
        .contains("UPLOADED")
        .contains("Grace Admin");

    HttpResponse<String> noReason = admin().postForm(location + "/publish", form("reason", ""));
    assertThat(noReason.statusCode()).isEqualTo(400);
    assertThat(noReason.body()).contains("Give a reason.");

    HttpResponse<String> published =
        admin().postForm(location + "/publish", form("reason", "reviewed on the page"));
    assertThat(published.statusCode()).isEqualTo(302);
    assertThat(admin().get(location + "?done=published").body())
        .contains("Published: every instance now decides with this version.")
        .contains(">Active<")
        .contains("PUBLISHED")
        .contains("reviewed on the page");
    assertThat(admin().get("/api/triage/ruleset").body()).contains("\"2099.7-page\"");

    HttpResponse<String> back =
        admin()
            .postForm(
                "/dashboard/rulesets/" + seededId() + "/reactivate",
                form("reason", "back to the clinic's"));
    assertThat(back.statusCode()).isEqualTo(302);
    assertThat(admin().get("/api/triage/ruleset").body())
        .contains("\"" + Ruleset.loadDefault().version() + "\"");
  }

  @Test
  void aRulesetThatDoesNotValidateComesBackWithEachProblem() throws IOException {
    HttpResponse<String> response =
        admin()
            .postForm(
                "/dashboard/rulesets",
                form(
                    "ruleset",
                    RulesetLifecycleTest.withVersion(
                            RulesetLifecycleTest.clinicRuleset(), "2099.8-page-broken")
                        .replace("when: footDrop is yes", "when: footDrops is yes"),
                    "reason",
                    "typo"));

    assertThat(response.statusCode()).isEqualTo(422);
    assertThat(response.body())
        .contains("unknown question &#39;footDrops&#39; (did you mean &#39;footDrop&#39;?)");
  }
}
