package io.steward.server.identity.web;

import java.net.URI;
import java.time.Instant;
import java.util.List;

import io.steward.server.identity.PasskeyDirectory.Passkey;
import io.steward.server.identity.internal.Passkeys;
import io.steward.server.identity.internal.SignInFlow;
import io.steward.server.shared.ForbiddenException;
import io.steward.server.shared.Viewer;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The caller's own passkeys: registration in two steps (options, then the authenticator's answer), list, rename, delete. */
@RestController
@RequestMapping("/api/v1/me/passkeys")
@Tag(name = "Passkeys", description = "The signed-in user's passkeys (WebAuthn): they sign people in and sign task approvals")
class PasskeyApi {
    private final Passkeys passkeys;

    PasskeyApi(Passkeys passkeys) {
        this.passkeys = passkeys;
    }

    /**
     * A registered passkey.
     *
     * @param credentialId  the WebAuthn credential id, base64url
     * @param publicKeyCose its public key as a COSE_Key, base64url
     */
    record PasskeyView(String credentialId, String label, String publicKeyCose, Instant createdAt, Instant lastUsedAt) {
        static PasskeyView of(Passkey p) {
            return new PasskeyView(p.credentialId(), p.label(), p.publicKeyCose(), p.createdAt(), p.lastUsedAt());
        }
    }

    /**
     * The authenticator's answer to the registration options (navigator.credentials.create), base64url.
     *
     * @param transports the authenticator's transports as the browser reported them (getTransports()), if any
     */
    record Registration(@NotBlank @Size(max = 100) String label, @NotBlank @Size(max = 16_384) String clientDataJson,
                        @NotBlank @Size(max = 16_384) String attestationObject, @Size(max = 10) List<@Size(max = 20) String> transports) {
    }

    /** A new name for a passkey, 1 to 100 characters (checked after the passkey is found to be the caller's). */
    record Rename(String label) {
    }

    @GetMapping
    @Operation(summary = "My passkeys, newest first")
    List<PasskeyView> list(Viewer viewer) {
        return passkeys.passkeysOf(viewer.userId()).stream().map(PasskeyView::of).toList();
    }

    @PostMapping("/registration-options")
    @Operation(summary = "Start registering a passkey: options for navigator.credentials.create (challenge valid 5 minutes, one use; "
            + "user verification and a discoverable credential required). Only from a signed-in session, not with an API token")
    Passkeys.RegistrationOptions options(Viewer viewer) {
        requireSession();
        return passkeys.registrationOptions(viewer);
    }

    @PostMapping
    @Operation(summary = "Finish registering a passkey with the authenticator's answer (attestation \"none\" is enough). "
            + "Only from a signed-in session, not with an API token")
    ResponseEntity<PasskeyView> register(Viewer viewer, @Valid @RequestBody Registration registration) {
        requireSession();
        Passkey p = passkeys.register(viewer, registration.label(), registration.clientDataJson(), registration.attestationObject(),
                registration.transports());
        return ResponseEntity.created(URI.create("/api/v1/me/passkeys/" + p.credentialId())).body(PasskeyView.of(p));
    }

    @PatchMapping("/{credentialId}")
    @Operation(summary = "Rename one of my passkeys")
    PasskeyView rename(Viewer viewer, @PathVariable String credentialId, @RequestBody Rename rename) {
        return PasskeyView.of(passkeys.rename(viewer, credentialId, rename.label()));
    }

    @DeleteMapping("/{credentialId}")
    @Operation(summary = "Delete one of my passkeys: it no longer signs me in or approves anything here")
    PasskeyView delete(Viewer viewer, @PathVariable String credentialId) {
        return PasskeyView.of(passkeys.delete(viewer, credentialId));
    }

    /**
     * A passkey signs its owner in without a password or TOTP code, so minting one is kept to the person's own
     * session: an API token (which may be copied into scripts) must not be able to turn itself into a sign-in.
     */
    private static void requireSession() {
        if (SignInFlow.current().viaToken()) {
            throw new ForbiddenException("Passkeys are registered from a signed-in session, not with an API token.");
        }
    }
}
