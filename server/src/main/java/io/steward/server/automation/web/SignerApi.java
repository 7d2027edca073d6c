package io.steward.server.automation.web;

import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.steward.protocol.task.SignerMessages;
import io.steward.server.automation.internal.signer.SignerGateway;
import io.steward.server.automation.internal.signer.SignerKeyring;
import io.steward.server.shared.Viewer;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * The task signer over JSON, for MSP admins and service managers: its key fingerprint, rotations, keyring, standard
 * changes and limits, and endorsing a colleague's passkey into its keyring (the signer checks the endorsement).
 */
@RestController
@RequestMapping("/api/v1/automation/signer")
@Tag(name = "Task signer", description = "The separate process that alone signs tasks: its key, keyring, standard changes and limits")
class SignerApi {
    private final SignerKeyring keyring;

    SignerApi(SignerKeyring keyring) {
        this.keyring = keyring;
    }

    /** The signer as the API shows it. */
    record SignerView(boolean reachable, String problem, boolean local, SignerMessages.Status status, List<SignerKeyring.Candidate> candidates) {
    }

    @GetMapping
    @Operation(summary = "The signer's key fingerprint, rotations, keyring, standard changes and limits, and whether it is reachable; "
            + "for MSP admins also the staff passkeys it could be asked to trust, with the keyring entry to sign for each")
    SignerView getSigner(Viewer viewer) {
        SignerKeyring.Overview o = keyring.overview(viewer);
        return new SignerView(o.reachable(), o.problem(), o.local(), o.status(), keyring.candidates(viewer, o.status()));
    }

    @PostMapping("/keyring")
    @Operation(summary = "Endorse a passkey into the signer's keyring: the entry's fields (endorsedBy is you) and your passkey's assertion over "
            + "the entry's digest; the signer accepts it only from a passkey it already trusts as an approver's (403 with its reason otherwise). "
            + "It adds a requester only: approver=true is refused (403), approvers are trusted only on the signer's host")
    ResponseEntity<Void> endorsePasskey(Viewer viewer, @RequestBody SignerKeyring.Endorsement endorsement) {
        keyring.endorse(viewer, endorsement);
        return ResponseEntity.noContent().build();
    }

    @ExceptionHandler(SignerGateway.Refused.class)
    ResponseEntity<ProblemDetail> refused(SignerGateway.Refused e) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN, "The task signer refused: " + e.getMessage());
        p.setTitle("Forbidden");
        return ResponseEntity.status(HttpStatus.FORBIDDEN).body(p);
    }

    @ExceptionHandler(SignerGateway.Unavailable.class)
    ResponseEntity<ProblemDetail> unavailable(SignerGateway.Unavailable e) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage());
        p.setTitle("Service Unavailable");
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header("Retry-After", "30").body(p);
    }
}
