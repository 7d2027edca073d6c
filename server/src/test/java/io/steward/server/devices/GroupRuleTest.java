package io.steward.server.devices;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Rule groups: all named criteria must hold, an empty rule matches nothing. */
class GroupRuleTest {
    static final UUID SITE = UUID.randomUUID();

    @Test
    void matchesOsSiteAndTagsTogether() {
        GroupRule rule = new GroupRule("windows", SITE, Set.of("server"));
        assertThat(rule.matches("Microsoft Windows Server 2022", SITE, Set.of("server", "dc"))).isTrue();
        assertThat(rule.matches("Ubuntu 24.04", SITE, Set.of("server"))).isFalse();
        assertThat(rule.matches("Windows 11", UUID.randomUUID(), Set.of("server"))).isFalse();
        assertThat(rule.matches("Windows 11", SITE, Set.of())).isFalse();
        assertThat(new GroupRule(" ", null, Set.of()).matches("anything", SITE, Set.of("x"))).isFalse();
    }

    @Property
    void moreTagsOnADeviceNeverTakeItOutOfATagRule(@ForAll @Size(max = 4) Set<@AlphaChars @StringLength(min = 1, max = 5) String> ruleTags,
                                                   @ForAll @Size(max = 6) Set<@AlphaChars @StringLength(min = 1, max = 5) String> deviceTags,
                                                   @ForAll @AlphaChars @StringLength(min = 1, max = 5) String extra) {
        GroupRule rule = new GroupRule(null, null, ruleTags);
        Set<String> more = new HashSet<>(deviceTags);
        more.add(extra);
        if (rule.matches("os", null, deviceTags)) {
            assertThat(rule.matches("os", null, more)).isTrue();
        }
        assertThat(rule.matches("os", null, deviceTags)).isEqualTo(!ruleTags.isEmpty() && deviceTags.containsAll(ruleTags));
    }
}
