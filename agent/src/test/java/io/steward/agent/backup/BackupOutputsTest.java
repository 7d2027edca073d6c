package io.steward.agent.backup;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Properties;

import io.steward.protocol.backup.BackupMessages;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The backup tools' output as the agent reads it, from captured or documented output: restic's exit codes of 0.17+
 * (10 missing, 11 locked; this machine's 0.14 cannot produce them) and the messages of older ones, borg's messages,
 * {@code systemctl show}, Windows Server Backup ({@code Get-WBSummary}, {@code Get-WBJob -Previous 1}, Windows
 * PowerShell 5.1's {@code /Date(ms)/}) and Veeam ({@code Get-VBRJob} and its sessions, PowerShell 7's ISO dates).
 */
class BackupOutputsTest {
    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @Test
    void resticExitCodesAndMessagesMapToTheReportsResults() {
        assertThat(Restic.resultOf(10, "Fatal: repository does not exist: unable to open config file")).isEqualTo(BackupMessages.RESULT_MISSING);
        assertThat(Restic.resultOf(11, "Fatal: unable to create lock in backend")).isEqualTo(BackupMessages.RESULT_LOCKED);
        assertThat(Restic.resultOf(12, "Fatal: wrong password or no key found")).isEqualTo(BackupMessages.RESULT_FAILED);
        assertThat(Restic.resultOf(1, "Fatal: unable to open config file: stat /srv/r/config: no such file or directory\n"
                + "Is there a repository at the following location?\n/srv/r")).isEqualTo(BackupMessages.RESULT_MISSING);
        assertThat(Restic.resultOf(1, "unable to create lock in backend: repository is already locked exclusively by PID 27286 on vm by root"))
                .isEqualTo(BackupMessages.RESULT_LOCKED);
        assertThat(Restic.resultOf(3, "Warning: at least one source file could not be read")).isEqualTo(BackupMessages.RESULT_FAILED);
        assertThat(Restic.resultOf(-1, "cannot start restic: No such file or directory")).isEqualTo(BackupMessages.RESULT_UNKNOWN);
    }

    @Test
    void borgMessagesMapToTheReportsResults() {
        assertThat(Borg.resultOf(2, "Repository /srv/b does not exist.")).isEqualTo(BackupMessages.RESULT_MISSING);
        assertThat(Borg.resultOf(2, "/srv/x is not a valid repository. Check repo config.")).isEqualTo(BackupMessages.RESULT_MISSING);
        assertThat(Borg.resultOf(2, "Failed to create/acquire the lock /srv/b/lock.exclusive (timeout).")).isEqualTo(BackupMessages.RESULT_LOCKED);
        assertThat(Borg.resultOf(2, "passphrase supplied in BORG_PASSCOMMAND is incorrect.")).isEqualTo(BackupMessages.RESULT_FAILED);
        assertThat(Borg.shellQuote("/etc/it's here")).isEqualTo("'/etc/it'\"'\"'s here'");
    }

    @Test
    void resticAndBorgJsonIsRead() {
        assertThat(Restic.snapshots("[{\"time\":\"2026-12-06T23:50:54.142429659+01:00\",\"paths\":[\"/data\"],\"id\":\"2e1d\"},"
                + "{\"time\":\"2026-12-07T01:00:00Z\",\"id\":\"3f2a\",\"summary\":{\"files_new\":1}}]"))
                .containsExactly(new BackupTool.Point("2e1d", Instant.parse("2026-12-06T22:50:54.142Z").toEpochMilli()),
                        new BackupTool.Point("3f2a", Instant.parse("2026-12-07T01:00:00Z").toEpochMilli()));
        assertThat(Restic.snapshots("[]")).isEmpty();
        assertThat(Restic.snapshots("null")).isEmpty();
        assertThatThrownBy(() -> Restic.snapshots("Fatal")).isInstanceOf(IllegalArgumentException.class);
        assertThat(Restic.totalSize("{\"total_size\":1117,\"total_file_count\":0,\"snapshots_count\":1}")).isEqualTo(1117);
        // The last line cut by the output bound is left out; directories and the snapshot line are not files.
        String ls = "{\"time\":\"2026-12-06T22:50:54Z\",\"id\":\"2e1d\",\"struct_type\":\"snapshot\"}\n"
                + "{\"name\":\"d\",\"type\":\"dir\",\"path\":\"/d\",\"mtime\":\"2026-12-06T22:50:52Z\",\"struct_type\":\"node\"}\n"
                + "{\"name\":\"a\",\"type\":\"file\",\"path\":\"/d/a\",\"size\":7,\"mtime\":\"2026-12-06T22:50:52.5Z\",\"struct_type\":\"node\"}\n"
                + "{\"name\":\"b\",\"type\":\"file\",\"path\":\"/d/b\",\"size\":7,\"mtime\":\"2026-12-06T22:5";
        assertThat(Restic.listing(ls)).containsExactly(new BackupTool.Entry("/d/a", 7, Instant.parse("2026-12-06T22:50:52.5Z").toEpochMilli()));

        assertThat(Borg.archives("{\"archives\":[{\"archive\":\"one\",\"name\":\"one\",\"start\":\"2026-12-06T22:51:03.000000\",\"time\":\"x\"}],"
                + "\"repository\":{\"location\":\"/b\"}}", BERLIN))
                .containsExactly(new BackupTool.Point("one", Instant.parse("2026-12-06T21:51:03Z").toEpochMilli()));
        assertThat(Borg.uniqueSize("{\"cache\":{\"path\":\"/c\",\"stats\":{\"total_size\":26,\"unique_csize\":1049}},\"encryption\":{\"mode\":\"repokey\"}}"))
                .isEqualTo(1049);
        assertThat(Borg.listing("{\"type\": \"d\", \"path\": \"src\", \"size\": 0, \"mtime\": \"2026-12-06T22:50:52.380526\"}\n"
                + "{\"type\": \"-\", \"path\": \"src/f1.txt\", \"size\": 7, \"mtime\": \"2026-12-06T22:50:52.380526\"}\n", ZoneOffset.UTC))
                .containsExactly(new BackupTool.Entry("src/f1.txt", 7, Instant.parse("2026-12-06T22:50:52.380Z").toEpochMilli()));
    }

    @Test
    void systemctlShowGivesTheUnitsLastRun() {
        SystemdUnit.Run ok = SystemdUnit.parse("Result=success\nExecMainStatus=0\nExecMainStartTimestamp=Sun 2026-12-06 02:00:01 UTC\n"
                + "ExecMainExitTimestamp=Sun 2026-12-06 02:14:40 UTC\nActiveState=inactive\n");
        assertThat(ok).isEqualTo(new SystemdUnit.Run(Instant.parse("2026-12-06T02:14:40Z").toEpochMilli(), BackupMessages.RESULT_SUCCESS, null));
        SystemdUnit.Run failed = SystemdUnit.parse("Result=exit-code\nExecMainStatus=1\nExecMainExitTimestamp=@1765000000\nActiveState=failed\n");
        assertThat(failed.result()).isEqualTo(BackupMessages.RESULT_FAILED);
        assertThat(failed.endedAt()).isEqualTo(1765000000000L);
        assertThat(failed.error()).isEqualTo("the unit's last run ended with Result=exit-code, status 1");
        // Not run since boot, or running now: nothing to say.
        assertThat(SystemdUnit.parse("Result=success\nExecMainStatus=0\nExecMainExitTimestamp=\nActiveState=inactive\n")).isNull();
        assertThat(SystemdUnit.parse("Result=success\nExecMainStatus=0\nExecMainExitTimestamp=Sun 2026-12-06 02:14:40 UTC\nActiveState=activating\n"))
                .isNull();
        assertThat(SystemdUnit.command("restic-nightly.service")).containsExactly("systemctl", "show", "restic-nightly.service", "-p", "Result",
                "-p", "ExecMainStatus", "-p", "ExecMainStartTimestamp", "-p", "ExecMainExitTimestamp", "-p", "ActiveState");
    }

    @Test
    void windowsServerBackupFromWindowsPowerShell51() {
        String json = "{\"summary\":{\"LastSuccessfulBackupTime\":\"\\/Date(1764972000000)\\/\",\"LastBackupTime\":\"\\/Date(1765058400000)\\/\","
                + "\"LastBackupResultHR\":-2147024784,\"LastBackupTarget\":\"Backup disk (E:)\",\"NumberOfVersions\":14,"
                + "\"DetailedMessage\":\"There is not enough space on the disk.\"},"
                + "\"lastJob\":{\"JobType\":1,\"JobState\":2,\"StartTime\":\"\\/Date(1765058400000)\\/\",\"EndTime\":\"\\/Date(1765059300000)\\/\","
                + "\"HResult\":-2147024784,\"ErrorDescription\":\"There is not enough space on the disk.\"},\"schedule\":[\"09:00\",\"21:00\"]}";
        BackupMessages.Job j = WindowsBackups.windowsServerBackup(json, BERLIN);
        assertThat(j).isEqualTo(new BackupMessages.Job(WindowsBackups.WSB_NAME, BackupMessages.TOOL_WINDOWS_SERVER_BACKUP, "Backup disk (E:)",
                1765059300000L, BackupMessages.RESULT_FAILED, "There is not enough space on the disk. (HRESULT 0x80070070)", 1764972000000L,
                1764972000000L, 14, 0, 12));

        String ok = "{\"summary\":{\"LastSuccessfulBackupTime\":\"\\/Date(1765058400000)\\/\",\"LastBackupTime\":\"\\/Date(1765058400000)\\/\","
                + "\"LastBackupResultHR\":0,\"LastBackupTarget\":\"\\\\\\\\nas\\\\wsb\",\"NumberOfVersions\":3,\"DetailedMessage\":\"\"},"
                + "\"lastJob\":null,\"schedule\":[\"21:00\"]}";
        BackupMessages.Job fine = WindowsBackups.windowsServerBackup(ok, BERLIN);
        assertThat(fine.lastResult()).isEqualTo(BackupMessages.RESULT_SUCCESS);
        assertThat(fine.lastError()).isNull();
        assertThat(fine.lastAttemptAt()).isEqualTo(1765058400000L);
        assertThat(fine.repository()).isEqualTo("\\\\nas\\wsb");
        assertThat(fine.scheduleHours()).isEqualTo(24);
        assertThat(WindowsBackups.powershell(WindowsBackups.WSB_COMMAND)).startsWith("powershell.exe", "-NoProfile", "-NonInteractive", "-Command")
                .last().asString().contains("Get-WBSummary", "Get-WBJob -Previous 1", "ConvertTo-Json");
    }

    @Test
    void veeamJobsFromPowerShell7() {
        String json = "[{\"Name\":\"SQL daily\",\"Repository\":\"Default Backup Repository\",\"LastResult\":\"Warning\","
                + "\"LastEnd\":\"2026-12-05T23:41:07.12+01:00\",\"LastSuccess\":\"2026-12-04T23:38:00+01:00\",\"RestorePoints\":14,"
                + "\"NewestRestorePoint\":\"2026-12-05T23:00:05+01:00\",\"BackupSize\":53687091200,\"Daily\":true},"
                + "{\"Name\":\"File server\",\"Repository\":\"NAS\",\"LastResult\":\"Failed\",\"LastEnd\":\"2026-12-05T22:10:00\","
                + "\"LastSuccess\":null,\"RestorePoints\":0,\"NewestRestorePoint\":null,\"BackupSize\":0,\"Daily\":false}]";
        List<BackupMessages.Job> jobs = WindowsBackups.veeam(json, BERLIN);
        assertThat(jobs).containsExactly(
                new BackupMessages.Job("SQL daily", BackupMessages.TOOL_VEEAM, "Default Backup Repository",
                        Instant.parse("2026-12-05T22:41:07.12Z").toEpochMilli(), BackupMessages.RESULT_SUCCESS, null,
                        Instant.parse("2026-12-04T22:38:00Z").toEpochMilli(), Instant.parse("2026-12-05T22:00:05Z").toEpochMilli(), 14, 53687091200L, 24),
                new BackupMessages.Job("File server", BackupMessages.TOOL_VEEAM, "NAS",
                        LocalDateTime.parse("2026-12-05T22:10:00").atZone(BERLIN).toInstant().toEpochMilli(), BackupMessages.RESULT_FAILED,
                        "the last Veeam session ended with Failed", null, null, 0, 0, 0));
        // One job: PowerShell writes the object without the array around it.
        assertThat(WindowsBackups.veeam("{\"Name\":\"Only\",\"LastResult\":\"None\",\"RestorePoints\":1}", BERLIN))
                .singleElement().satisfies(j -> assertThat(j.lastResult()).isEqualTo(BackupMessages.RESULT_UNKNOWN));
        assertThat(WindowsBackups.VEEAM_COMMAND).contains("Get-VBRJob", "Get-VBRBackupSession", "Get-VBRRestorePoint", "ConvertTo-Json");
    }

    @Test
    void settingsAreReadFromBackupProperties() {
        Properties p = new Properties();
        p.setProperty("job.nightly.tool", "restic");
        p.setProperty("job.nightly.repository", "rest:https://backup:s3cret@rest.example.net/host1/");
        p.setProperty("job.nightly.passwordFile", "/etc/steward-agent/restic.pass");
        p.setProperty("job.nightly.paths", "/home, /etc");
        p.setProperty("job.nightly.scheduleHours", "24");
        p.setProperty("job.nightly.unit", "restic-nightly.service");
        p.setProperty("job.db.dump.tool", "borg");
        p.setProperty("job.db.dump.repository", "ssh://borg@nas/./db");
        p.setProperty("job.db.dump.passwordFile", "/root/borg.pass");
        p.setProperty("reportMinutes", "30");
        p.setProperty("discoverWindows", "no");
        BackupSettings s = BackupSettings.parse(p);
        assertThat(s.reportMinutes()).isEqualTo(30);
        assertThat(s.discoverWindows()).isFalse();
        assertThat(s.active()).isTrue();
        LocalJob nightly = s.job("nightly").orElseThrow();
        assertThat(nightly.sources()).containsExactly(Path.of("/home"), Path.of("/etc"));
        assertThat(nightly.unit()).contains("restic-nightly.service");
        assertThat(nightly.reportedRepository()).isEqualTo("rest:https://rest.example.net/host1/");
        assertThat(s.job("db.dump").orElseThrow().tool()).isEqualTo(BackupMessages.TOOL_BORG);
        assertThat(s.job("db.dump").orElseThrow().reportedRepository()).isEqualTo("ssh://nas/./db");

        p.setProperty("job.nightly.passwordFile", "relative.pass");
        assertThatThrownBy(() -> BackupSettings.parse(p)).hasMessageContaining("passwordFile must be an absolute path");
        p.setProperty("job.nightly.passwordFile", "/etc/steward-agent/restic.pass");
        p.setProperty("job.nightly.password", "inline");
        assertThatThrownBy(() -> BackupSettings.parse(p)).hasMessageContaining("unknown key job.nightly.password");
        assertThat(BackupSettings.parse(new Properties()).jobs()).isEmpty();
    }
}
