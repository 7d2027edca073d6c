package io.steward.server.servicedesk;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Placeholder expansion of canned replies: plain text in, plain text out, nothing interpreted twice. */
class CannedTextTest {

    @Test
    void knownPlaceholdersAreFilledInAndMissingValuesAreEmpty() {
        String body = "Hi {{requester.firstName}},\nabout {{ ticket.number }} ({{ticket.title}}) at {{client.name}}: {{requester.email}}\n"
                + "-- {{technician.name}}";
        String text = CannedText.expand(body, Map.of("requester.firstName", "Dana", "ticket.number", "T-42", "ticket.title", "Printer",
                "client.name", "Northwind", "technician.name", "Sam Tech"));
        assertThat(text).isEqualTo("Hi Dana,\nabout T-42 (Printer) at Northwind: \n-- Sam Tech");
    }

    @Test
    void valuesAreInsertedAsTheyAreAndNeverExpandedAgain() {
        String text = CannedText.expand("{{ticket.title}} / {{client.name}}",
                Map.of("ticket.title", "Costs $1 \\ {{client.name}}", "client.name", "Acme"));
        assertThat(text).isEqualTo("Costs $1 \\ {{client.name}} / Acme");
    }

    @Test
    void unknownPlaceholdersAreNamedAndLeftAsWritten() {
        assertThat(CannedText.unknown("{{ticket.number}} {{password}} {{ requester.firstName }} {{user.secret}}"))
                .containsExactly("password", "user.secret");
        assertThat(CannedText.unknown("no placeholders, not even {single} braces")).isEmpty();
        assertThat(CannedText.expand("{{password}} {{ticket.number}}", Map.of("ticket.number", "T-1"))).isEqualTo("{{password}} T-1");
    }

    @Test
    void theTechniciansFirstNameIsTheFirstWordOfTheirName() {
        assertThat(CannedText.firstWord("Sam Tech")).isEqualTo("Sam");
        assertThat(CannedText.firstWord("  Robin ")).isEqualTo("Robin");
        assertThat(CannedText.firstWord(null)).isEmpty();
    }
}
