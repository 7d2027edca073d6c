package io.steward.server.notify.internal.mailin;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import io.steward.server.shared.ClientId;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The pipeline's rules on real MIME messages and on the captured-style samples. */
class MailRulesTest {
    private static final String MX = "mx.msp.example";

    // ---- automatic mail

    @Test
    void anExchangeOutOfOfficeIsAutomatic() {
        ParsedMail oof = Mails.parsed(Mails.sample("exchange-out-of-office.eml", "client.example"));
        assertThat(AutoMailRule.automatic(oof)).contains("Auto-Submitted: auto-generated");
        assertThat(oof.text()).startsWith("I am out of the office");
    }

    @Test
    void eachSignOfAMachineIsEnoughAndAutoSubmittedNoIsAPerson() {
        assertThat(AutoMailRule.automatic(Mails.from("a@c.example", "A").header("Auto-Submitted", "auto-replied (vacation)").parsed()))
                .contains("Auto-Submitted: auto-replied");
        assertThat(AutoMailRule.automatic(Mails.from("a@c.example", "A").header("Auto-Submitted", "no").parsed())).isEmpty();
        assertThat(AutoMailRule.automatic(Mails.from("a@c.example", "A").header("Precedence", "Bulk").parsed())).contains("Precedence: bulk");
        assertThat(AutoMailRule.automatic(Mails.from("a@c.example", "A").header("Precedence", "first-class").parsed())).isEmpty();
        assertThat(AutoMailRule.automatic(Mails.from("a@c.example", "A").header("X-Auto-Response-Suppress", "OOF, AutoReply").parsed())).isPresent();
        assertThat(AutoMailRule.automatic(Mails.from("MAILER-DAEMON@c.example", "").parsed())).isPresent();
        assertThat(AutoMailRule.automatic(Mails.from("postmaster@c.example", "").parsed())).isPresent();
        assertThat(AutoMailRule.automatic(Mails.from("postmasterclass@c.example", "").parsed())).isEmpty();
        assertThat(AutoMailRule.automatic(Mails.from("a@c.example", "A").parsed())).isEmpty();
    }

    @Property(tries = 200)
    void anyAutoSubmittedKeywordButNoIsAutomatic(@ForAll @AlphaChars @StringLength(min = 1, max = 20) String keyword) {
        ParsedMail m = Mails.from("a@c.example", "A").header("Auto-Submitted", keyword).parsed();
        assertThat(AutoMailRule.automatic(m).isPresent()).isEqualTo(!keyword.equalsIgnoreCase("no"));
    }

    // ---- bounces

    @Test
    void aDsnBounceNamesTheFailedRecipientFromFinalRecipient() {
        ParsedMail dsn = Mails.parsed(Mails.sample("postfix-dsn-bounce.eml", "client.example"));
        BounceRule.Bounce b = BounceRule.bounce(dsn).orElseThrow();
        assertThat(b.failed()).extracting(BounceRule.Failed::address).containsExactly("gone.user@client.example");
        assertThat(b.failed().getFirst().diagnostic()).contains("550-5.1.1").contains("double-checking");
        assertThat(dsn.attachments()).as("the returned headers are part of the report, not files").hasSize(1);
    }

    @Test
    void aDelayedDeliveryIsABounceWithNoFailedRecipient() {
        String status = "Reporting-MTA: dns; mx.example\n\nFinal-Recipient: rfc822; slow@c.example\nAction: delayed\nStatus: 4.4.1\n";
        assertThat(BounceRule.failedRecipients(status)).isEmpty();
        String two = "Reporting-MTA: dns; mx.example\r\n\r\nFinal-Recipient: rfc822;<A@C.example>\r\nAction: failed\r\nStatus: 5.2.2\r\n\r\n"
                + "Original-Recipient: rfc822; b@c.example\r\nStatus: 5.1.1\r\n";
        assertThat(BounceRule.failedRecipients(two)).extracting(BounceRule.Failed::address).containsExactly("a@c.example", "b@c.example");
    }

    @Test
    void aNullReturnPathIsABounceAndAPersonsMailIsNot() {
        assertThat(BounceRule.bounce(Mails.from("a@c.example", "A").header("Return-Path", "<>").parsed())).isPresent();
        assertThat(BounceRule.bounce(Mails.from("a@c.example", "A").header("Return-Path", "<a@c.example>").parsed())).isEmpty();
    }

    // ---- sender trust

    @Test
    void onlyTheTopmostHeaderOfTheTrustedHostCounts() {
        ParsedMail m = Mails.parsed(Mails.sample("two-hosts-authentication-results.eml", "client.example"));
        SenderTrustRule.Trust t = SenderTrustRule.judge(m, MX, false);
        assertThat(t.trusted()).as("a lower mx header with dmarc=pass, added before the mail reached mx, does not count").isFalse();
        assertThat(t.reason()).contains("dmarc=fail");
        assertThat(SenderTrustRule.judge(m, "relay.isp.example", false).trusted()).as("another host's header counts only when it is configured")
                .isTrue();
    }

    @Test
    void aForwardedMailWithASpoofedFromAndDmarcFailIsNotTrusted() {
        ParsedMail m = Mails.parsed(Mails.sample("forwarded-spoofed-dmarc-fail.eml", "client.example"));
        assertThat(SenderTrustRule.judge(m, MX, false).trusted()).isFalse();
        assertThat(SenderTrustRule.judge(m, MX, true).trusted()).as("a mailbox trusting without DMARC trusts it, on purpose").isTrue();
    }

    @Test
    void aPassForAnotherDomainIsNotAligned() {
        ParsedMail m = Mails.from("boss@client.example", "Boss").dmarcPass(MX, "attacker.example").parsed();
        SenderTrustRule.Trust t = SenderTrustRule.judge(m, MX, false);
        assertThat(t.trusted()).isFalse();
        assertThat(t.reason()).contains("not aligned");
        assertThat(SenderTrustRule.judge(Mails.from("boss@Client.Example", "Boss").dmarcPass("MX.msp.example", "client.example").parsed(), MX, false)
                .trusted()).isTrue();
        assertThat(SenderTrustRule.judge(Mails.from("boss@client.example", "Boss").dmarcPass(MX, "client.example").parsed(), "", false).trusted())
                .as("no trusted host configured: nothing counts").isFalse();
    }

    @Test
    void commentsAndVersionsDoNotConfuseTheParser() {
        ParsedMail m = Mails.from("a@c.example", "A")
                .header("Authentication-Results", "mx.msp.example 1 (a comment; with dmarc=fail); dkim=pass (good (nested)) header.d=c.example;"
                        + " dmarc=pass (p=reject) header.from=\"c.example\"").parsed();
        assertThat(SenderTrustRule.judge(m, MX, false).trusted()).isTrue();
    }

    @Property(tries = 200)
    void aHeaderBelowTheTopmostTrustedOneNeverDecides(@ForAll boolean topPasses, @ForAll boolean lowerPasses) {
        ParsedMail m = Mails.from("a@c.example", "A")
                .header("Authentication-Results", MX + "; dmarc=" + (topPasses ? "pass" : "fail") + " header.from=c.example")
                .header("Authentication-Results", MX + "; dmarc=" + (lowerPasses ? "pass" : "fail") + " header.from=c.example").parsed();
        assertThat(SenderTrustRule.judge(m, MX, false).trusted()).isEqualTo(topPasses);
    }

    // ---- threading

    private static final ClientId MINE = new ClientId(UUID.randomUUID());
    private static final ClientId OTHER = new ClientId(UUID.randomUUID());

    private record FakeLookup(Map<String, UUID> known, Map<String, UUID> signed, Map<UUID, ClientId> clients, Map<Long, UUID> numbers)
            implements ThreadingRule.Lookup {
        public Optional<UUID> ticketOfKnownMessage(String id) {
            return Optional.ofNullable(known.get(id));
        }

        public Optional<UUID> ticketOfSigned(String id) {
            return Optional.ofNullable(signed.get(id));
        }

        public Optional<ClientId> clientOf(UUID ticket) {
            return Optional.ofNullable(clients.get(ticket));
        }

        public Optional<UUID> ticketOfNumber(long n) {
            return Optional.ofNullable(numbers.get(n));
        }
    }

    @Test
    void threadsByInReplyToThenReferencesThenTag() {
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        UUID c = UUID.randomUUID();
        FakeLookup lookup = new FakeLookup(Map.of("<a@x>", a), Map.of("<b@x>", b), Map.of(a, MINE, b, MINE, c, MINE), Map.of(7L, c));
        assertThat(ThreadingRule.thread(Mails.from("p@c.example", "P").header("In-Reply-To", "<a@x>").header("References", "<b@x>")
                .subject("Re: [T-7] x").parsed(), Set.of(MINE), lookup)).contains(new ThreadingRule.Threaded(a, "In-Reply-To"));
        assertThat(ThreadingRule.thread(Mails.from("p@c.example", "P").header("References", "<zz@x> <b@x> <nope@x>").parsed(), Set.of(MINE), lookup))
                .contains(new ThreadingRule.Threaded(b, "References"));
        assertThat(ThreadingRule.thread(Mails.from("p@c.example", "P").subject("Re: [T-7] printer").parsed(), Set.of(MINE), lookup))
                .contains(new ThreadingRule.Threaded(c, "subject tag"));
    }

    @Test
    void neverThreadsIntoAnotherClientsTicket() {
        UUID theirs = UUID.randomUUID();
        FakeLookup lookup = new FakeLookup(Map.of("<a@x>", theirs), Map.of(), Map.of(theirs, OTHER), Map.of(9L, theirs));
        assertThat(ThreadingRule.thread(Mails.from("p@c.example", "P").header("In-Reply-To", "<a@x>").parsed(), Set.of(MINE), lookup)).isEmpty();
        assertThat(ThreadingRule.thread(Mails.from("p@c.example", "P").subject("[T-9] hello").parsed(), Set.of(MINE), lookup)).isEmpty();
    }

    // ---- rate limit, HTML, parsing

    @Property
    void theRateLimitLetsExactlyLimitMailsThrough(@ForAll("limits") int limit, @ForAll("counts") long earlier) {
        assertThat(new SenderRateLimit(limit).exceeded(earlier)).isEqualTo(earlier >= limit);
    }

    @Provide
    Arbitrary<Integer> limits() {
        return Arbitraries.integers().between(1, 1000);
    }

    @Provide
    Arbitrary<Long> counts() {
        return Arbitraries.longs().between(0, 2000);
    }

    @Test
    void htmlOnlyMailBecomesTextWithoutAnyMarkup() {
        ParsedMail m = Mails.from("a@c.example", "A").htmlOnly("<html><head><title>t</title><style>p{color:red}</style></head><body>"
                + "<p>Hello &amp; welcome,</p><script>alert('x')</script><ul><li>one</li><li>two &#x263A;</li></ul>"
                + "<img src=x onerror=alert(1)>a &lt;b&gt; c<br>end</body></html>").parsed();
        assertThat(m.text()).isEqualTo("Hello & welcome,\n\n- one\n- two \u263A\na <b> c\nend");
        assertThat(m.text()).doesNotContain("alert").doesNotContain("color");
    }

    @Property(tries = 300)
    void htmlTextNeverKeepsATag(@ForAll @StringLength(max = 60) String inner) {
        String text = HtmlText.of("<b>" + inner.replace("<", "").replace(">", "") + "</b><script>evil()</script><i onclick=\"x()\">y</i>");
        assertThat(text).doesNotContain("<b>").doesNotContain("evil").doesNotContain("onclick");
    }

    @Test
    void attachmentsAndHeadersAreTakenApart() {
        byte[] pdf = "%PDF-1.4 fake but bytes".getBytes(StandardCharsets.US_ASCII);
        ParsedMail m = Mails.from("a@c.example", "Änne A").subject("Grüße [T-3]").text("Body text").messageId("<id-1@c.example>")
                .header("References", "<r1@x> <r2@x>").attach("report.pdf", "application/pdf", pdf).parsed();
        assertThat(m.fromName()).isEqualTo("Änne A");
        assertThat(m.subject()).isEqualTo("Grüße [T-3]");
        assertThat(m.messageId()).isEqualTo("<id-1@c.example>");
        assertThat(m.references()).containsExactly("<r1@x>", "<r2@x>");
        assertThat(m.text()).isEqualTo("Body text");
        assertThat(m.attachments()).singleElement().satisfies(a -> {
            assertThat(a.fileName()).isEqualTo("report.pdf");
            assertThat(a.content()).isEqualTo(pdf);
        });
    }
}
