package io.steward.server.backup.internal;

import io.steward.server.backup.BackupProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/** Binds the backup module's settings; its scheduled work registers its own db-scheduler task. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(BackupProperties.class)
class BackupConfiguration {
}
