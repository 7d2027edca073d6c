package io.steward.signer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.steward.protocol.task.Parameter;
import io.steward.protocol.task.SignerMessages;
import io.steward.protocol.task.StandardChangeSpec;
import io.steward.protocol.task.TaskSpec;

class StandardChangeTest {
    @TempDir
    Path tmp;
    Fixture f;
    Fixture.Person tech;
    Fixture.Person manager;
    StandardChangeSpec change;

    @BeforeEach
    void setUp() {
        f = new Fixture(tmp);
        tech = f.trusted("Tina Tech", false);
        manager = f.trusted("Mona Manager", true);
        change = new StandardChangeSpec(UUID.randomUUID(), tech.id, "Clear temp", Fixture.SCRIPT, "bash", "", 120, 65536,
                List.of(new StandardChangeSpec.Allowed("mode", Parameter.Delivery.ARGUMENT, List.of("quick", "full"))), Fixture.CLIENT,
                f.clock.instant().plus(Duration.ofDays(30)));
    }

    private void adopt() {
        f.signer.adopt(new SignerMessages.AdoptStandardChange(change, List.of(tech.signs(change.digest()), manager.signs(change.digest()))));
    }

    private SignerMessages.Signed run(TaskSpec task) {
        return f.signer.signStandardRun(new SignerMessages.SignStandardRun(task));
    }

    private TaskSpec run(String mode) {
        return f.task(tech, 2, change.id(), List.of(new Parameter("mode", Parameter.Delivery.ARGUMENT, mode)));
    }

    @Test
    void aHeldStandardChangeLetsRunsInsideItThroughWithoutFreshApprovals() {
        adopt();
        TaskSpec task = run("full");
        SignerMessages.Signed signed = run(task);
        assertThat(signed.orders()).hasSize(2);
        assertThat(signed.orders().getFirst().order().verify(f.key.getPublic()).standardChangeId()).isEqualTo(change.id());
        assertThat(f.signer.status().standardChanges()).containsExactly(change);
    }

    @Test
    void aStandardChangeNeedsTwoPeopleToo() {
        assertThatThrownBy(() -> f.signer.adopt(new SignerMessages.AdoptStandardChange(change, List.of(tech.signs(change.digest())))))
                .hasMessageContaining("only one passkey assertion");
        // Nothing held, so a run naming it is refused (as if its row had been inserted straight into the database).
        assertThatThrownBy(() -> run(run("quick"))).hasMessageContaining("holds no standard change");
    }

    @Test
    void refusesValuesParametersScopeHashAndTimeoutOutsideTheChange() {
        adopt();
        assertThatThrownBy(() -> run(run("rm -rf /"))).hasMessageContaining("value of parameter mode is not one the standard change allows");
        assertThatThrownBy(() -> run(f.task(tech, 1, change.id(), List.of(new Parameter("extra", Parameter.Delivery.ARGUMENT, "x")))))
                .hasMessageContaining("parameter extra is not allowed");
        assertThatThrownBy(() -> run(f.task(tech, 1, change.id(), List.of(new Parameter("mode", Parameter.Delivery.ENVIRONMENT, "quick")))))
                .hasMessageContaining("not one the standard change allows");
        assertThatThrownBy(() -> run(f.task(tech, 1, change.id(), List.of(), UUID.randomUUID())))
                .hasMessageContaining("outside the standard change's scope");
        TaskSpec base = run("quick");
        TaskSpec otherScript = new TaskSpec(base.taskId(), base.clientId(), base.requestedBy(), base.scriptName(), "b".repeat(64), "bash", "", 60,
                65536, base.parameters(), base.deviceIds(), "now", base.notBefore(), base.notAfter(), 1, 1, change.id());
        assertThatThrownBy(() -> run(otherScript)).hasMessageContaining("hash is not the standard change's");
        TaskSpec longer = new TaskSpec(base.taskId(), base.clientId(), base.requestedBy(), base.scriptName(), Fixture.SCRIPT, "bash", "", 121,
                65536, base.parameters(), base.deviceIds(), "now", base.notBefore(), base.notAfter(), 1, 1, change.id());
        assertThatThrownBy(() -> run(longer)).hasMessageContaining("timeout is outside");
        TaskSpec asRoot = new TaskSpec(base.taskId(), base.clientId(), base.requestedBy(), base.scriptName(), Fixture.SCRIPT, "bash", "root", 60,
                65536, base.parameters(), base.deviceIds(), "now", base.notBefore(), base.notAfter(), 1, 1, change.id());
        assertThatThrownBy(() -> run(asRoot)).hasMessageContaining("run-as user");
        TaskSpec secret = f.task(tech, 1, change.id(), List.of(new Parameter("mode", Parameter.Delivery.SECRET, "x")));
        assertThatThrownBy(() -> run(secret)).hasMessageContaining("secret");
        assertThat(f.dir.resolve("signed").toFile().list()).isEmpty();
    }

    @Test
    void anAllClientsChangeRunsAnywhereButNotPastItsExpiry() {
        change = new StandardChangeSpec(UUID.randomUUID(), tech.id, "Clear temp", Fixture.SCRIPT, "bash", "", 120, 65536, List.of(), null,
                f.clock.instant().plus(Duration.ofHours(3)));
        adopt();
        assertThat(run(f.task(tech, 1, change.id(), List.of(), UUID.randomUUID())).orders()).hasSize(1);
        f.clock.advance(Duration.ofHours(2));
        assertThatThrownBy(() -> run(f.task(tech, 1, change.id(), List.of(), UUID.randomUUID())))
                .hasMessageContaining("past the standard change's expiry");
        f.clock.advance(Duration.ofHours(1));
        assertThatThrownBy(() -> run(f.task(tech, 1, change.id(), List.of(), UUID.randomUUID())))
                .hasMessageContaining("standard change expired");
    }

    @Test
    void aTwoPersonTaskCannotGoThroughTheStandardPathNorTheOtherWayRound() {
        adopt();
        TaskSpec plain = f.task(tech, 1);
        assertThatThrownBy(() -> run(plain)).hasMessageContaining("names no standard change");
        TaskSpec standard = run("quick");
        assertThatThrownBy(() -> f.signer.signTask(new SignerMessages.SignTask(standard, List.of())))
                .hasMessageContaining("ask for a standard run");
    }
}
