package io.steward.agent.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.steward.protocol.security.SecurityCheckMessages;
import io.steward.protocol.security.SecurityCheckMessages.Plan;

class AdminGroupTest {
    @TempDir
    Path tmp;

    static Plan knowing(List<String> admins) {
        return new Plan(60, 60, 10, List.of("22/tcp"), admins, 72, 30);
    }

    @Test
    void theFirstRoundTakesTheBaselineAndALaterNewMemberFailsUntilThePlanKnowsThem() throws Exception {
        Path group = Files.writeString(tmp.resolve("group"), """
                root:x:0:
                sudo:x:27:alice,bob
                adm:x:4:syslog,mallory
                wheel:x:10:
                """);
        Path state = tmp.resolve("state");
        AdminGroup check = new AdminGroup(group, state, new FakePrograms(), false);

        var first = check.evaluate(knowing(List.of()));
        assertThat(first.status()).isEqualTo(SecurityCheckMessages.PASS);
        assertThat(first.evidence()).isEqualTo("baseline taken; admin-group members: alice, bob");
        assertThat(Files.readAllLines(state.resolve(AdminGroup.BASELINE))).containsExactly("alice", "bob");

        Files.writeString(group, """
                root:x:0:
                sudo:x:27:alice
                adm:x:4:syslog,mallory
                wheel:x:10:mallory,eve
                admin:x:110:mallory
                """);
        var later = check.evaluate(knowing(List.of()));
        assertThat(later.status()).isEqualTo(SecurityCheckMessages.FAIL);
        // adm is no admin group; the baseline keeps bob even after he left.
        assertThat(later.evidence()).isEqualTo("new admin-group members: eve (wheel), mallory (admin, wheel); all members: alice, eve, mallory");
        assertThat(later.observedAt()).isNull();
        assertThat(Files.readAllLines(state.resolve(AdminGroup.BASELINE))).containsExactly("alice", "bob");

        assertThat(check.evaluate(knowing(List.of("eve"))).evidence()).startsWith("new admin-group members: mallory (admin, wheel)");
        assertThat(check.evaluate(knowing(List.of("eve", "mallory"))).status()).isEqualTo(SecurityCheckMessages.PASS);
    }

    @Test
    void anUnreadableGroupFileIsUnknown() {
        var r = new AdminGroup(tmp.resolve("none"), tmp, new FakePrograms(), false).evaluate(knowing(List.of()));
        assertThat(r.status()).isEqualTo(SecurityCheckMessages.UNKNOWN);
    }

    @Test
    void windowsAdministratorsByTheirWellKnownSid() throws Exception {
        Path state = tmp.resolve("state");
        Files.createDirectories(state);
        Files.writeString(state.resolve(AdminGroup.BASELINE), "WS01\\Administrator\nCONTOSO\\Domain Admins\n");
        FakePrograms programs = new FakePrograms().answer(AdminGroup.WINDOWS_SCRIPT, 0, FakePrograms.captured("windows-admins.json"));
        AdminGroup check = new AdminGroup(tmp.resolve("unused"), state, programs, true);
        var r = check.evaluate(knowing(List.of()));
        assertThat(r.status()).isEqualTo(SecurityCheckMessages.FAIL);
        assertThat(r.evidence()).startsWith("new admin-group members: WS01\\helpdesk (Administrators)");
        // Known without the machine's name, in any case.
        assertThat(check.evaluate(knowing(List.of("HelpDesk"))).status()).isEqualTo(SecurityCheckMessages.PASS);
        assertThat(AdminGroup.WINDOWS_SCRIPT).contains("S-1-5-32-544");
    }
}
