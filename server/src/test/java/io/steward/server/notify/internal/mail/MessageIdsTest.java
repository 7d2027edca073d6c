package io.steward.server.notify.internal.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import io.steward.server.notify.NotifyProperties;
import io.steward.server.platform.SecretBox;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class MessageIdsTest {

    /** A SecretBox whose MAC is a real HMAC under a fixed key: the rule under test is MessageIds', not the box's. */
    static SecretBox box(String key) {
        return new SecretBox() {
            @Override
            public String seal(String plain) {
                throw new UnsupportedOperationException();
            }

            @Override
            public String open(String sealed) {
                throw new UnsupportedOperationException();
            }

            @Override
            public byte[] mac(String purpose, byte[] data) {
                try {
                    javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
                    mac.init(new javax.crypto.spec.SecretKeySpec((key + purpose).getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
                    return mac.doFinal(data);
                } catch (java.security.GeneralSecurityException e) {
                    throw new IllegalStateException(e);
                }
            }
        };
    }

    private final MessageIds ids = new MessageIds(box("k1"), new NotifyProperties(new NotifyProperties.Mail("help@msp.example", "Help", ""), null, null));

    @Property
    void aTicketsMessageIdLeadsBackToIt(@ForAll long most, @ForAll long least) {
        UUID ticket = new UUID(most, least);
        String id = ids.forTicket(ticket);
        assertThat(id).startsWith("<t.").endsWith("@msp.example>");
        assertThat(ids.ticketOf(id)).contains(ticket);
        assertThat(ids.ticketOf(id.substring(1, id.length() - 1))).as("without brackets").contains(ticket);
    }

    @Test
    void forgedTamperedOrForeignIdsLeadNowhere() {
        UUID ticket = UUID.randomUUID();
        String id = ids.forTicket(ticket);
        String otherTicket = String.format("%016x%016x", 1L, 2L);
        assertThat(ids.ticketOf(id.replaceFirst("t\\.[0-9a-f]{32}", "t." + otherTicket))).as("another ticket under the same MAC").isEmpty();
        char c = id.charAt(id.indexOf('@') - 1);
        assertThat(ids.ticketOf(id.replace(c + "@", (c == '0' ? '1' : '0') + "@"))).as("MAC changed").isEmpty();
        MessageIds otherKey = new MessageIds(box("k2"), new NotifyProperties(new NotifyProperties.Mail("help@msp.example", "Help", ""), null, null));
        assertThat(otherKey.ticketOf(id)).as("another installation's key").isEmpty();
        assertThat(ids.ticketOf(ids.plain())).isEmpty();
        assertThat(ids.ticketOf("<CAF=abc@mail.gmail.com>")).isEmpty();
        assertThat(ids.ticketOf(null)).isEmpty();
        assertThat(ids.forTicket(ticket)).as("a fresh nonce per message").isNotEqualTo(id);
    }

    @Test
    void subjectTags() {
        assertThat(MessageIds.tagged(123, "Printer down")).isEqualTo("[T-123] Printer down");
        assertThat(MessageIds.tagged(123, "Re: [T-123] Printer down")).isEqualTo("Re: [T-123] Printer down");
        assertThat(MessageIds.taggedNumber("AW: Re: [T-123] Printer down [T-9]")).contains(123L);
        assertThat(MessageIds.taggedNumber("T-123 without brackets")).isEmpty();
        assertThat(MessageIds.taggedNumber(null)).isEmpty();
    }

    @Test
    void theDomainComesFromTheSenderUnlessGiven() {
        assertThat(new NotifyProperties.Mail("help@msp.example", "", "").idDomain()).isEqualTo("msp.example");
        assertThat(new NotifyProperties.Mail("help@msp.example", "", "mail.msp.example").idDomain()).isEqualTo("mail.msp.example");
    }
}
