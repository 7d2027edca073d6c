package io.steward.server.shared;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PathIdRuleTest {

    @Test
    void namesThatGoIntoSqlArePlainIdentifiers() {
        assertThatThrownBy(() -> PathIdRule.ofClient("deviceId", "device; DROP TABLE device", "client_id"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PathIdRule.ofClient("deviceId", "device", "client_id OR TRUE"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PathIdRule("tierId", "service_tier", null, PathIdRule.Owner.CLIENT, PathIdRule.Audience.STAFF))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void audiences() {
        PathIdRule rule = PathIdRule.shared("tierId", "service_tier").forAudience(PathIdRule.Audience.STAFF);
        assertThat(rule.owner()).isEqualTo(PathIdRule.Owner.NONE);
        assertThat(rule.audience()).isEqualTo(PathIdRule.Audience.STAFF);
        assertThat(rule.table()).isEqualTo("service_tier");
    }
}
