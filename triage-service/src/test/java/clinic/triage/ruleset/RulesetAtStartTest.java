package clinic.triage.ruleset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import clinic.testing.TestDatabaseConfiguration;
import clinic.triage.TriageApplication;
import clinic.triage.rules.Ruleset;
import clinic.triage.rules.RulesetException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.NestedExceptionUtils;

/**
 * The ruleset is loaded once, at start, from the class path or from the file {@code triage.ruleset}
 * ({@code TRIAGE_RULESET}) names; one that does not validate stops the start.
 */
class RulesetAtStartTest {

  @TempDir Path dir;

  private static String clinicRuleset() throws IOException {
    try (InputStream in =
        Ruleset.class.getClassLoader().getResourceAsStream(Ruleset.DEFAULT_RESOURCE)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void aMalformedRulesetFileStopsTheServiceNamingTheFileTheRuleAndTheProblem() throws Exception {
    Path broken = dir.resolve("broken-ruleset.yaml");
    Files.writeString(
        broken, clinicRuleset().replace("when: footDrop is yes", "when: footDrops is yes"));

    // The whole service, with a real PostgreSQL (so nothing else fails first); the broker is
    // not reached before the ruleset is loaded. Arguments, as an operator would pass them.
    SpringApplicationBuilder service =
        new SpringApplicationBuilder(TriageApplication.class, TestDatabaseConfiguration.class);
    String[] arguments = {
      "--triage.ruleset=" + broken,
      "--server.port=0",
      "--server.address=127.0.0.1",
      "--spring.kafka.bootstrap-servers=127.0.0.1:9",
      "--spring.main.banner-mode=off"
    };

    assertThatThrownBy(
            () -> {
              try (ConfigurableApplicationContext started = service.run(arguments)) {
                // Only reached if the service started.
              }
            })
        .satisfies(
            failure -> {
              Throwable root = NestedExceptionUtils.getMostSpecificCause(failure);
              assertThat(root).isInstanceOf(RulesetException.class);
              assertThat(root.getMessage())
                  .contains(
                      "broken-ruleset.yaml: rule 'neuro-foot-drop': unknown question 'footDrops'"
                          + " (did you mean 'footDrop'?)");
            });
  }

  @Test
  void theFileNamedByTriageRulesetIsTheRulesetInUse() throws Exception {
    Path file = dir.resolve("clinic-ruleset-next.yaml");
    Files.writeString(
        file,
        clinicRuleset().replaceFirst("(?m)^version: .*$", "version: \"2026.12-1-from-file\""));

    new ApplicationContextRunner()
        .withUserConfiguration(RulesetConfiguration.class)
        .withPropertyValues("triage.ruleset=" + file)
        .run(
            context -> {
              TriageRuleset rules = context.getBean(TriageRuleset.class);
              assertThat(rules.version()).isEqualTo("2026.12-1-from-file");
              assertThat(rules.location()).isEqualTo(file.toAbsolutePath().toString());
            });
  }

  @Test
  void withoutAFileTheClinicRulesetFromTheClassPathIsInUse() {
    new ApplicationContextRunner()
        .withUserConfiguration(RulesetConfiguration.class)
        .run(
            context ->
                assertThat(context.getBean(TriageRuleset.class).version())
                    .isEqualTo(Ruleset.loadDefault().version()));
  }

  @Test
  void aRulesetFileThatIsNotThereStopsTheStartNamingIt() {
    Path missing = dir.resolve("no-such-ruleset.yaml");

    new ApplicationContextRunner()
        .withUserConfiguration(RulesetConfiguration.class)
        .withPropertyValues("triage.ruleset=" + missing)
        .run(
            context -> {
              assertThat(context).hasFailed();
              assertThat(rulesetProblem(context.getStartupFailure()))
                  .hasMessageStartingWith(missing + ": cannot read");
            });
  }

  private static Throwable rulesetProblem(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof RulesetException) {
        return t;
      }
    }
    throw new AssertionError("no RulesetException in " + failure, failure);
  }
}
