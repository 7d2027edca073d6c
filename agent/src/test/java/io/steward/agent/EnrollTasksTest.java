package io.steward.agent;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.security.KeyPair;

import io.steward.agent.config.PrivateKeyFile;
import io.steward.agent.config.TaskSettings;
import io.steward.agent.task.TaskPolicy;
import io.steward.protocol.DeviceKeys;
import io.steward.protocol.task.TaskKeys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import static org.assertj.core.api.Assertions.assertThat;

/** Enrollment pins the task signer's key and the client, with the local task policy from the flags; status shows them. */
class EnrollTasksTest {
    @TempDir
    Path dir;
    FakeServer server;
    final KeyPair signer = DeviceKeys.generate();
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    @BeforeEach
    void start() throws Exception {
        server = new FakeServer();
        server.signerKey = DeviceKeys.encodePublic(signer.getPublic());
        server.clientId = "4b1c0a4e-0000-4000-8000-000000000077";
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private int cli(String... args) {
        CommandLine c = new CommandLine(new StewardAgent());
        c.setOut(new PrintWriter(out, true));
        c.setErr(new PrintWriter(err, true));
        return c.execute(args);
    }

    @Test
    void theSignerKeyClientAndPolicyArePinnedAtEnrollment() {
        String fingerprint = TaskKeys.fingerprint(signer.getPublic());
        assertThat(cli("enroll", "--server", server.uri().toString(), "--token", "good-token", "--config-dir", dir.toString(),
                "--signer-fingerprint", fingerprint.toUpperCase(), "--tasks", "standard", "--interpreters", "bash,sh", "--max-timeout", "120"))
                .as(err.toString()).isZero();
        TaskSettings settings = TaskSettings.load(dir);
        assertThat(settings.signerKey()).contains(server.signerKey);
        assertThat(settings.clientId()).contains(server.clientId);
        assertThat(settings.policy()).isEqualTo(new TaskPolicy(TaskPolicy.Mode.STANDARD, java.util.Set.of("bash", "sh"), 120, java.util.Set.of()));
        assertThat(cli("status", "--config-dir", dir.toString())).isZero();
        assertThat(out.toString()).contains("signer key:  pinned " + fingerprint, "tasks:       standard; interpreters bash,sh; timeout at most 120 s",
                "client id:   " + server.clientId);
    }

    @Test
    void aSignerKeyWithAnotherFingerprintEnrollsNothing() {
        String other = TaskKeys.fingerprint(DeviceKeys.generate().getPublic());
        assertThat(cli("enroll", "--server", server.uri().toString(), "--token", "good-token", "--config-dir", dir.toString(),
                "--signer-fingerprint", other)).isEqualTo(1);
        assertThat(err.toString()).contains("another fingerprint");
        assertThat(dir.resolve(PrivateKeyFile.FILE_NAME)).doesNotExist();
        assertThat(dir.resolve(TaskSettings.FILE_NAME)).doesNotExist();
    }

    @Test
    void tasksOtherThanOffNeedTheSignerFingerprintAndNothingIsWrittenWithout() {
        for (String mode : new String[]{"standard", "all"}) {
            assertThat(cli("enroll", "--server", server.uri().toString(), "--token", "good-token", "--config-dir", dir.toString(), "--tasks", mode))
                    .isEqualTo(2);
            assertThat(err.toString()).contains("--tasks " + mode + " needs --signer-fingerprint", "not enrolled");
            assertThat(dir.resolve(PrivateKeyFile.FILE_NAME)).doesNotExist();
            assertThat(dir.resolve(TaskSettings.FILE_NAME)).doesNotExist();
        }
        // A blank fingerprint is no fingerprint.
        assertThat(cli("enroll", "--server", server.uri().toString(), "--token", "good-token", "--config-dir", dir.toString(), "--tasks", "all",
                "--signer-fingerprint", " ")).isEqualTo(2);
        assertThat(dir.resolve(TaskSettings.FILE_NAME)).doesNotExist();
    }

    @Test
    void tasksAreOffByDefaultAndBadPolicyFlagsAreRefused() {
        assertThat(cli("enroll", "--server", server.uri().toString(), "--token", "good-token", "--config-dir", dir.toString(), "--tasks", "some"))
                .isEqualTo(2);
        assertThat(dir.resolve(PrivateKeyFile.FILE_NAME)).doesNotExist();
        assertThat(cli("enroll", "--server", server.uri().toString(), "--token", "good-token", "--config-dir", dir.toString())).isZero();
        assertThat(TaskSettings.load(dir).policy().mode()).isEqualTo(TaskPolicy.Mode.OFF);
    }
}
