package clinic.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The launcher's JVM profiles: quick start by default, full JIT on request. */
class OptionsTest {

  private static final Path HOME = Path.of("/tmp/stack");

  @Test
  void servicesStartQuicklyByDefaultAndWithTheFullJitOnRequest() {
    assertThat(Options.parse(new String[0], HOME).jvm()).isEqualTo(JvmProfile.STARTUP);
    assertThat(JvmProfile.STARTUP.options()).contains("-XX:TieredStopAtLevel=1", "-Xmx256m");
    assertThat(JvmProfile.STARTUP.brokerOptions()).contains("-XX:TieredStopAtLevel=1");
    assertThat(JvmProfile.THROUGHPUT.brokerOptions()).doesNotContain("-XX:TieredStopAtLevel=1");

    var tuned = Options.parse(new String[] {"--jvm", "throughput"}, HOME);
    assertThat(tuned.jvm()).isEqualTo(JvmProfile.THROUGHPUT);
    assertThat(tuned.jvm().options())
        .noneMatch(option -> option.startsWith("-XX:TieredStopAtLevel"))
        .contains("-Xmx768m");
  }

  @Test
  void anUnknownProfileIsNamedInTheError() {
    assertThatThrownBy(() -> Options.parse(new String[] {"--jvm", "fast"}, HOME))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--jvm must be startup or throughput, not fast");
  }
}
