package io.steward.server.compliance.internal;

import io.steward.server.compliance.ComplianceProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ComplianceProperties.class)
class ComplianceConfiguration {
}
