package clinic.intake.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import clinic.intake.IntakeServiceTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.json.JsonMapper;

@IntakeServiceTest
class HealthTest {

  @Autowired MockMvc mvc;
  @Autowired JsonMapper json;

  @ParameterizedTest
  @ValueSource(
      strings = {"/actuator/health", "/actuator/health/readiness", "/actuator/health/liveness"})
  void healthProbesReportUp(String path) throws Exception {
    var response = mvc.perform(get(path)).andReturn().getResponse();

    assertThat(response.getStatus()).isEqualTo(200);
    assertThat(json.readTree(response.getContentAsString()).get("status").asString())
        .isEqualTo("UP");
  }
}
