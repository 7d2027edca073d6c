package io.steward.server.patching.internal;

import io.steward.server.patching.PatchingProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/** Binds the patching module's settings; its scheduled work registers its own db-scheduler tasks. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PatchingProperties.class)
class PatchingConfiguration {
}
