package clinic.intake;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.SpringApplication;

/** One real SMTP server (GreenMail, loopback, a free port) for the whole test run. */
public final class TestMail {

  private static GreenMail greenMail;

  private TestMail() {}

  public static synchronized GreenMail server() {
    if (greenMail == null) {
      greenMail = new GreenMail(ServerSetupTest.SMTP.createCopy("127.0.0.1").dynamicPort());
      greenMail.start();
      SpringApplication.getShutdownHandlers().add(TestMail::stop);
    }
    return greenMail;
  }

  public static int port() {
    return server().getSmtp().getPort();
  }

  /** The messages that reached the server for this address. */
  public static List<MimeMessage> to(String address) throws Exception {
    var found = new ArrayList<MimeMessage>();
    for (var message : server().getReceivedMessages()) {
      for (var recipient : message.getAllRecipients()) {
        if (((InternetAddress) recipient).getAddress().equals(address)) {
          found.add(message);
        }
      }
    }
    return found;
  }

  private static synchronized void stop() {
    greenMail.stop();
  }
}
