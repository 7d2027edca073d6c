package io.steward.server.notify.internal;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The mention rule as the README states it: an email's local part, or a first name only one candidate has. */
class MentionsTest {
    private final Audience.Staff jamie = new Audience.Staff(UUID.randomUUID(), "jamie.lee@msp.example", "Jamie Lee");
    private final Audience.Staff jamie2 = new Audience.Staff(UUID.randomUUID(), "jq@msp.example", "Jamie Quinn");
    private final Audience.Staff riley = new Audience.Staff(UUID.randomUUID(), "riley@msp.example", "Riley Manager");
    private final List<Audience.Staff> staff = List.of(jamie, jamie2, riley);

    @Test
    void anEmailLocalPartOrAnUnambiguousFirstNameMentions() {
        assertThat(Mentions.in("Ask @JAMIE.LEE, then @riley.", staff)).containsExactly(jamie.id(), riley.id());
        assertThat(Mentions.in("@Riley: see above", staff)).containsExactly(riley.id());
        assertThat(Mentions.in("(@jq) please", staff)).containsExactly(jamie2.id());
    }

    @Test
    void anAmbiguousFirstNameAnAddressAndAStrangerMentionNobody() {
        assertThat(Mentions.in("@Jamie can you look", staff)).as("two Jamies").isEmpty();
        assertThat(Mentions.in("mail riley@msp.example or jamie.lee@msp.example", staff)).isEmpty();
        assertThat(Mentions.in("@nobody @ @. and no at sign", staff)).isEmpty();
        assertThat(Mentions.in(null, staff)).isEmpty();
    }
}
