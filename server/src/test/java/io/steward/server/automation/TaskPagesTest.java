package io.steward.server.automation;

import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.steward.server.shared.TenantContext;
import io.steward.server.support.SigningPageFlow;
import org.junit.jupiter.api.Test;

import static io.steward.server.support.Text.match;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The task pages as a person uses them: the draft form reached from a ticket, the review page that shows exactly what
 * is signed (secrets masked and never in the page in the clear), the signed request, the approver's queue with the
 * diff, the approval with a passkey, the task page with each device's run and output, and the device's task panel.
 */
class TaskPagesTest extends TaskTestBase {
    private static final Pattern HIDDEN = Pattern.compile("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\">");

    @Test
    void draftReviewSignApproveAndSeeTheResult() {
        Fleet fleet = fleet(1);
        String device = fleet.deviceIds().get(0);
        Person tech = staff("TECHNICIAN", List.of());
        Person manager = staff("SERVICE_MANAGER", List.of());
        signerTrusts(tech, tech.passkey());
        signerTrusts(manager, manager.passkey());
        UUID first = scriptVersion("#!/bin/bash\necho old\nsystemctl restart \"$1\"\n", PARAMS);
        UUID version = nextVersion(first, "#!/bin/bash\necho new\nsystemctl restart \"$1\"\n");
        // Version 1 was once approved for a task: the approver sees the changes since then.
        String old = request(tech, draftJson(fleet.clientId(), first, Map.of("SERVICE", "cups"), fleet.deviceIds(), "")).get("id").asString();
        assertThat(approve(manager, old, sign(manager.passkey(), challenge(approval(manager, old)))).statusCode()).isEqualTo(200);

        HttpResponse<String> ticket = adminApi().json("POST", "/api/v1/tickets", "{\"clientId\":\"" + fleet.clientId()
                + "\",\"type\":\"INCIDENT\",\"title\":\"Web server hangs\",\"impact\":\"LOW\",\"urgency\":\"LOW\"}");
        String ticketId = JSON.readTree(ticket.body()).get("id").asString();
        String ticketPage = tech.http().page("/tickets/" + ticketId);
        String raise = match(ticketPage, "id=\"raise-task\" href=\"([^\"]+)\"").replace("&amp;", "&");
        assertThat(raise).contains("ticketId=" + ticketId);

        String form = tech.http().page(raise + "&scriptVersionId=" + version);
        assertThat(form).contains("name=\"param.SERVICE\"").contains("name=\"param.TOKEN\"").contains(device).contains("id=\"review-task\"");

        Map<String, String> draft = new LinkedHashMap<>(Map.of("clientId", fleet.clientId(), "scriptVersionId", version.toString(),
                "param.SERVICE", "nginx", "param.TOKEN", "page-secret-42", "targetKind", "DEVICES", "deviceIds", device, "schedule", "now",
                "maxConcurrent", "5", "stopAfterFailures", "1", "ticketId", ticketId));
        HttpResponse<String> review = tech.http().postForm("/tasks/review", draft);
        assertThat(review.statusCode()).as(review.body()).isEqualTo(200);
        String page = review.body();
        assertThat(page).contains("id=\"task-digest\"").contains("nginx").contains("(secret").doesNotContain("page-secret-42");
        assertThat(match(page, "id=\"device-count\">(\\d+)<")).isEqualTo("1");
        String digest = match(page, "id=\"task-digest\">([0-9a-f]{64})<");

        // The review form hands the statement to the signer's own page, which shows it and has the passkey sign it there;
        // the form comes back to Steward with the assertion.
        SigningPageFlow.Signed signing = SigningPageFlow.sign("http://localhost:" + port, page, "id=\"sign-task\"", tech.passkey(), Map.of());
        assertThat(signing.signingPage()).contains("Sign a task", "on 1 device", "nginx", digest, "id=\"script\"");
        assertThat(signing.path()).isEqualTo("/tasks");
        Map<String, String> signed = signing.fields();
        assertThat(signed).containsKeys("taskId", "preparedAt", "expiresAt", "sealed.TOKEN", "_csrf").doesNotContainKey("param.TOKEN");
        assertThat(signing.signingPage()).doesNotContain("page-secret-42");
        HttpResponse<String> requested = tech.http().postForm("/tasks", signed);
        assertThat(requested.statusCode()).as(requested.body()).isEqualTo(302);
        String location = requested.headers().firstValue("Location").orElseThrow();
        String taskId = location.substring(location.lastIndexOf('/') + 1);
        assertThat(taskState(taskId)).isEqualTo("AWAITING_APPROVAL");
        // The secret was sealed on its way through the review page and arrived whole: its hash is in the statement.
        String hash = io.steward.protocol.task.TaskSpec.secretHash(UUID.fromString(taskId), "TOKEN", "page-secret-42");
        assertThat(TenantContext.callAsSystem(() -> jdbc.sql("SELECT parameters::text FROM task WHERE id = ?").param(UUID.fromString(taskId))
                .query(String.class).single())).contains(hash).doesNotContain("page-secret-42");

        // The approver's queue: what runs, where, the diff since version 1; the requester sees no approve button on their own.
        String queue = manager.http().page("/tasks/approvals");
        String entry = queue.substring(queue.indexOf("id=\"approval-" + taskId + "\""));
        assertThat(entry).contains("Changes since version 1").contains("- echo old").contains("+ echo new").contains("nginx")
                .doesNotContain("page-secret-42").contains("approve-task");
        assertThat(tech.http().page("/tasks/" + taskId)).contains("You requested this task").doesNotContain("Approve with my passkey");

        SigningPageFlow.Signed approval = SigningPageFlow.sign("http://localhost:" + port, entry, "class=\"approve-task\"", manager.passkey(), Map.of());
        assertThat(approval.signingPage()).contains(digest, "id=\"script\"", "echo new");
        HttpResponse<String> approved = manager.http().postForm(approval.path(), approval.fields());
        assertThat(approved.statusCode()).isEqualTo(302);
        assertThat(taskState(taskId)).isEqualTo("APPROVED");

        // A finished run: the task page shows its state and output to the staff who serve the client; the device page's panel lists it.
        TenantContext.runAsSystem(() -> jdbc.sql("""
                UPDATE task_run SET state = 'SUCCEEDED', exit_code = 0, duration_ms = 800, finished_at = now(), stdout_tail = 'nginx restarted ok',
                    stdout_bytes = 19 WHERE task_id = ?""").param(UUID.fromString(taskId)).update());
        String taskPage = tech.http().page("/tasks/" + taskId);
        assertThat(taskPage).contains("Succeeded").contains("nginx restarted ok").contains("id=\"cancel-task\"").doesNotContain("page-secret-42");
        String panel = tech.http().page("/devices/" + device + "/tasks");
        assertThat(panel).contains("/tasks/" + taskId).contains("Succeeded");
        assertThat(tech.http().page("/devices/" + device)).contains("id=\"device-tasks\"");
        assertThat(tech.http().page("/tasks")).contains("/tasks/" + taskId);
    }

    @Test
    void aBadDraftComesBackWithTheFieldErrorAndAnUnsignedRequestIsRefused() {
        Fleet fleet = fleet(1);
        Person tech = staff("TECHNICIAN", List.of());
        UUID version = scriptVersion("echo \"$1\"\n", PARAMS);
        HttpResponse<String> bad = tech.http().postForm("/tasks/review", Map.of("clientId", fleet.clientId(), "scriptVersionId", version.toString(),
                "param.SERVICE", "NOT valid!", "targetKind", "DEVICES", "deviceIds", fleet.deviceIds().get(0)));
        assertThat(bad.statusCode()).isEqualTo(200);
        assertThat(bad.body()).contains("id=\"task-draft\"").contains("class=\"error\"").doesNotContain("id=\"task-digest\"");
        HttpResponse<String> unsigned = tech.http().postForm("/tasks", Map.of("clientId", fleet.clientId(), "scriptVersionId", version.toString(),
                "param.SERVICE", "nginx", "targetKind", "DEVICES", "deviceIds", fleet.deviceIds().get(0), "taskId", UUID.randomUUID().toString(),
                "preparedAt", java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString()));
        assertThat(unsigned.statusCode()).isEqualTo(200);
        assertThat(unsigned.body()).contains("Sign with your passkey");
    }

    @Test
    void aSealedValueOpensOnlyIntoASecretParameter() {
        Fleet fleet = fleet(1);
        Person tech = staff("TECHNICIAN", List.of());
        UUID version = scriptVersion("echo \"$1\"\n", PARAMS);
        Map<String, String> draft = new LinkedHashMap<>(Map.of("clientId", fleet.clientId(), "scriptVersionId", version.toString(),
                "param.SERVICE", "nginx", "param.TOKEN", "sealed-secret", "targetKind", "DEVICES", "deviceIds", fleet.deviceIds().get(0),
                "schedule", "now"));
        HttpResponse<String> review = tech.http().postForm("/tasks/review", draft);
        assertThat(review.statusCode()).as(review.body()).isEqualTo(200);
        String page = review.body();
        Map<String, String> hidden = new LinkedHashMap<>();
        Matcher m = HIDDEN.matcher(page.substring(page.indexOf("id=\"sign-task\"")));
        while (m.find()) {
            hidden.put(m.group(1), m.group(2).replace("&amp;", "&").replace("&#39;", "'").replace("&quot;", "\""));
        }
        String sealedSecret = hidden.get("sealed.TOKEN");
        assertThat(sealedSecret).isNotBlank().doesNotContain("sealed-secret");

        // The secret's sealed value handed in for a plain parameter: refused, never opened into a value shown and signed in the clear.
        Map<String, String> forged = new LinkedHashMap<>(hidden);
        forged.remove("param.SERVICE");
        forged.put("sealed.SERVICE", sealedSecret);
        HttpResponse<String> refused = tech.http().postForm("/tasks", forged);
        assertThat(refused.statusCode()).isEqualTo(200);
        assertThat(refused.body()).contains("A sealed value is accepted only for a secret parameter of the chosen script version, and SERVICE is none.")
                .doesNotContain("sealed-secret");
        // Nor for a name the version does not have.
        forged.remove("sealed.SERVICE");
        forged.put("param.SERVICE", "nginx");
        forged.put("sealed.OTHER", sealedSecret);
        assertThat(tech.http().postForm("/tasks", forged).body()).contains("OTHER is none.");
    }
}
