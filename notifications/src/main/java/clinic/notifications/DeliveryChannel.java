package clinic.notifications;

/** Sends one notification once; retrying is the dispatcher's job, not the channel's. */
sealed interface DeliveryChannel permits EmailChannel, WebhookChannel {

  Channel channel();

  /** Never throws for a delivery failure: it reports one. */
  DeliveryResult send(Notification notification);
}
