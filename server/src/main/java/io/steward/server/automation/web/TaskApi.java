package io.steward.server.automation.web;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.steward.protocol.task.PasskeyAssertion;
import io.steward.server.automation.Task;
import io.steward.server.automation.TaskDraft;
import io.steward.server.automation.TaskProposal;
import io.steward.server.automation.TaskQueries;
import io.steward.server.automation.TaskService;
import io.steward.server.automation.internal.signer.SignerGateway;
import io.steward.server.platform.HttpProblems;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.ConflictException;
import io.steward.server.shared.DeviceId;
import io.steward.server.shared.Viewer;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Tasks over JSON: preview (what to sign), request (signed), the approval queue, approve or reject (signed), cancel,
 * standard runs, a task with its runs and a device's task history. Staff only; every passkey signature is over the
 * task's digest, which the preview returns as {@code challenge}.
 */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "Tasks", description = "Script runs on devices, requested and approved by two people with their passkeys. Every assertion must "
        + "be made on the task signer's signing page: its clientDataJSON origin is the page's origin (GET /api/v1/automation/signer, "
        + "status.signingPage), never Steward's own")
class TaskApi {
    private final TaskService tasks;
    private final TaskQueries queries;

    TaskApi(TaskService tasks, TaskQueries queries) {
        this.tasks = tasks;
        this.queries = queries;
    }

    /** A task as filled in; see {@link TaskDraft}. */
    record TaskDraftBody(@NotNull UUID clientId, @NotNull UUID scriptVersionId, @Size(max = 100) Map<String, String> parameters,
                     String targetKind, @Size(max = 100_000) List<UUID> deviceIds, UUID targetId, String schedule, Instant startAt,
                     Instant expiresAt, Integer maxConcurrent, Integer stopAfterFailures, UUID ticketId, UUID changeTicketId) {
        TaskDraft draft() {
            return new TaskDraft(new ClientId(clientId), scriptVersionId, parameters, targetKind, deviceIds, targetId, schedule, startAt, expiresAt,
                    maxConcurrent, stopAfterFailures, ticketId, changeTicketId);
        }
    }

    /**
     * A signed request: the draft, the {@code taskId} and {@code preparedAt} the preview returned, and the requester's
     * passkey assertion over the preview's challenge.
     */
    record SignedTaskRequest(@NotNull @Valid TaskDraftBody draft, @NotNull UUID taskId, @NotNull Instant preparedAt, @NotNull PasskeyAssertion assertion) {
    }

    /** An approval: the approver's passkey assertion over the task's digest; or a rejection with its reason. */
    record TaskDecision(@NotNull String decision, PasskeyAssertion assertion, @Size(max = 1000) String reason) {
    }

    record TaskCancel(@Size(max = 1000) String reason) {
    }

    @PostMapping("/tasks/preview")
    @Operation(summary = "Resolve a draft into the exact statement to sign (script hash, parameters with secrets as hashes, devices, "
            + "schedule, expiry) and its digest; nothing is stored. Sign 'challenge' with your passkey and post it to /tasks")
    TaskProposal taskPreview(Viewer viewer, @Valid @RequestBody TaskDraftBody body) {
        return tasks.propose(viewer, body.draft());
    }

    @PostMapping("/tasks")
    @Operation(summary = "Request a task signed with the requester's passkey; it waits for another person's approval (201)")
    ResponseEntity<Task> taskRequest(Viewer viewer, @Valid @RequestBody SignedTaskRequest body) {
        Task t = tasks.request(viewer, body.draft().draft(), body.taskId(), body.preparedAt(), body.assertion());
        return ResponseEntity.status(HttpStatus.CREATED).body(t);
    }

    @PostMapping("/tasks/standard")
    @Operation(summary = "Run a draft under an active standard change that covers its script version, values and client, without a fresh "
            + "approval (201); 403 when none covers it, 409 with the signer's reason when it refuses")
    ResponseEntity<Task> taskStandardRun(Viewer viewer, @Valid @RequestBody TaskDraftBody body) {
        TaskService.ApprovalOutcome outcome = tasks.runStandard(viewer, body.draft());
        refusal(outcome);
        return ResponseEntity.status(HttpStatus.CREATED).body(outcome.task());
    }

    @GetMapping("/tasks")
    @Operation(summary = "Tasks in the caller's scope, newest first (at most 200), optionally in one state and of one client")
    List<Task> taskList(Viewer viewer, @RequestParam(required = false) String state, @RequestParam(required = false) UUID clientId) {
        return queries.list(viewer, state, clientId == null ? null : new ClientId(clientId));
    }

    @GetMapping("/tasks/approvals")
    @Operation(summary = "The approver's queue: tasks waiting for approval with the digest to sign, whether the task still matches what its "
            + "requester signed, the script's diff since the version last approved for a task, and the devices")
    List<TaskQueries.QueueEntry> taskApprovalQueue(Viewer viewer) {
        return queries.queue(viewer);
    }

    @GetMapping("/tasks/{taskId}")
    @Operation(summary = "A task with each device's run: state, exit code, duration and output (output only for staff who serve the client)")
    TaskQueries.TaskDetail taskGet(Viewer viewer, @PathVariable UUID taskId) {
        return queries.detail(viewer, taskId);
    }

    @GetMapping("/tasks/{taskId}/approval")
    @Operation(summary = "What an approver signs for this task: the digest (challenge), the diff and the devices")
    TaskQueries.QueueEntry taskApprovalView(Viewer viewer, @PathVariable UUID taskId) {
        return queries.review(viewer, taskId);
    }

    @PostMapping("/tasks/{taskId}/approval")
    @Operation(summary = "Approve (decision APPROVE with the approver's passkey assertion over the digest) or reject (decision REJECT with a "
            + "reason) another person's task; the requester's own approval never counts (403); the signer's refusal is 409 with its reason")
    Task taskDecide(Viewer viewer, @PathVariable UUID taskId, @Valid @RequestBody TaskDecision body) {
        return switch (body.decision()) {
            case "APPROVE" -> {
                TaskService.ApprovalOutcome outcome = tasks.approve(viewer, taskId, body.assertion());
                refusal(outcome);
                yield outcome.task();
            }
            case "REJECT" -> tasks.reject(viewer, taskId, body.reason());
            default -> throw new io.steward.server.shared.InvalidInputException("decision", "decision is APPROVE or REJECT.");
        };
    }

    @PostMapping("/tasks/{taskId}/cancel")
    @Operation(summary = "Cancel a task (its requester, a service manager or an admin): queued runs are cancelled, running ones stopped")
    Task taskCancel(Viewer viewer, @PathVariable UUID taskId, @RequestBody(required = false) TaskCancel body) {
        return tasks.cancel(viewer, taskId, body == null ? null : body.reason());
    }

    @GetMapping("/devices/{deviceId}/tasks")
    @Operation(summary = "A device's task history, newest first (at most 100): each run with its task")
    List<TaskQueries.DeviceTask> deviceTaskHistory(Viewer viewer, @PathVariable DeviceId deviceId) {
        return queries.deviceHistory(viewer, deviceId);
    }

    /** The signer's refusal, after the refusal and its audit entry were committed: nothing was queued. */
    private static void refusal(TaskService.ApprovalOutcome outcome) {
        if (outcome.refused()) {
            throw new ConflictException("signer", "The signer refused: " + outcome.refusal());
        }
    }

    @ExceptionHandler(SignerGateway.Unavailable.class)
    ResponseEntity<ProblemDetail> unavailable(SignerGateway.Unavailable e, HttpServletRequest request) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header("Retry-After", "30").contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(HttpProblems.of(HttpStatus.SERVICE_UNAVAILABLE, "The signer cannot be reached: " + e.getMessage() + " Nothing was signed.",
                        request));
    }
}
