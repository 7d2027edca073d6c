package io.steward.server.automation;

import io.steward.server.automation.internal.signer.SignerGateway;
import io.steward.server.identity.PasskeyDirectory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * TEST SCOPE ONLY: stand-ins for the beans PASSKEY (PasskeyDirectory), SIGNER (SignerGateway) and LIBRARY
 * (ScriptCatalog) build in parallel, so the task tests run before the merge. Each is made only when the real bean is
 * missing; after the merge the real ones are used and these are not created (then delete this file and the
 * stand-in classes, and point {@link TaskKit} at the real registration and keyring paths).
 */
@Configuration(proxyBeanMethods = false)
class StandIns {

    @Bean
    @ConditionalOnMissingBean(PasskeyDirectory.class)
    StandInPasskeys standInPasskeys() {
        return new StandInPasskeys();
    }

    @Bean
    @ConditionalOnMissingBean(SignerGateway.class)
    StandInSigner standInSigner() {
        return new StandInSigner();
    }

    @Bean
    @ConditionalOnMissingBean(ScriptCatalog.class)
    StandInCatalog standInCatalog(org.springframework.jdbc.core.simple.JdbcClient jdbc, tools.jackson.databind.ObjectMapper json) {
        return new StandInCatalog(jdbc, json);
    }
}
