package clinic.intake;

import java.util.Properties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/**
 * The mail sender Spring Boot would build from {@code spring.mail.host/port}, pointed at the test
 * run's GreenMail (whose port is only known once it runs). A test may point it at a closed port to
 * make delivery fail, and back.
 */
@TestConfiguration(proxyBeanMethods = false)
class TestMailConfiguration {

  @Bean
  JavaMailSenderImpl mailSender() {
    var sender = new JavaMailSenderImpl();
    sender.setHost("127.0.0.1");
    sender.setPort(TestMail.port());
    var properties = new Properties();
    properties.put("mail.smtp.connectiontimeout", "2000");
    properties.put("mail.smtp.timeout", "5000");
    properties.put("mail.smtp.writetimeout", "5000");
    sender.setJavaMailProperties(properties);
    return sender;
  }
}
