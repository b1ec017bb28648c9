package clinic.triage.notification;

import clinic.notifications.NotificationsConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** Opts the service into the notifications module (it is not an auto-configuration). */
@Configuration(proxyBeanMethods = false)
@Import(NotificationsConfiguration.class)
@EnableConfigurationProperties(TeamProperties.class)
class TeamNotificationConfiguration {}
