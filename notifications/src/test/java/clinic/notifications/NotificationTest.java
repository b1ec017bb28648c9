package clinic.notifications;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class NotificationTest {

  @Test
  void sameCauseTopicChannelAndRecipientGiveTheSameId() {
    Notification first =
        Notification.email("event-1", "patient-next-step", "r-1", "a@example.org", "S", "T", null);
    Notification again =
        Notification.email("event-1", "patient-next-step", "r-1", "a@example.org", "S", "T", null);

    assertThat(again.id()).isEqualTo(first.id());
    assertThat(
            Notification.email(
                    "event-2", "patient-next-step", "r-1", "a@example.org", "S", "T", null)
                .id())
        .isNotEqualTo(first.id());
    assertThat(
            Notification.email("event-1", "reminder", "r-1", "a@example.org", "S", "T", null).id())
        .isNotEqualTo(first.id());
    assertThat(
            Notification.webhook("event-1", "patient-next-step", "r-1", "a@example.org", "{}").id())
        .isNotEqualTo(first.id());
  }

  @Test
  void textFormNamesNeitherRecipientNorContent() {
    Notification n =
        Notification.email(
            "event-1", "patient-next-step", "r-1", "maria@example.org", "Hola", "Hola María", null);

    assertThat(n.toString())
        .contains(n.id().toString(), "patient-next-step", "r-1")
        .doesNotContain("maria@example.org", "Hola");
  }

  @Test
  void emailNeedsSubjectAndBodyAndWebhookNeedsPayload() {
    assertThatThrownBy(() -> Notification.email("e", "t", "r", "a@example.org", " ", "body", null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("subject");
    assertThatThrownBy(() -> Notification.webhook("e", "t", "r", "pharmacy", ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("payload");
  }
}
