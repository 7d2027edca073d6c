package io.steward.server.notify.internal.mailbox;

import java.time.LocalDate;
import java.util.UUID;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.format.annotation.DateTimeFormat;

/**
 * A mailbox as an admin creates or changes it (form and API). Secrets are write-only: they are never sent back, and a
 * blank secret on a change keeps the stored one.
 */
public record MailboxInput(
        @NotBlank @Size(max = 100) String name,
        @NotBlank @Email @Size(max = 320) String address,
        @NotBlank @Size(max = 253) @Pattern(regexp = HOST, message = "Enter a host name or an IP address, without scheme or port.") String host,
        @NotNull @Min(value = 1, message = "A port is between 1 and 65535.") @Max(value = 65535, message = "A port is between 1 and 65535.") Integer port,
        @NotNull @Schema(allowableValues = {"TLS", "STARTTLS", "NONE"}) @Pattern(regexp = "TLS|STARTTLS|NONE", message = "Choose TLS, STARTTLS or NONE.")
        String security,
        @Schema(description = "Must be true to use security NONE: the password then crosses the network in the clear") Boolean plaintextAllowed,
        @NotNull @Schema(allowableValues = {"PASSWORD", "XOAUTH2"}) @Pattern(regexp = "PASSWORD|XOAUTH2", message = "Choose PASSWORD or XOAUTH2.")
        String auth,
        @NotBlank @Size(max = 320) String username,
        @Schema(accessMode = Schema.AccessMode.WRITE_ONLY, description = "Write-only; blank on a change keeps the stored one") @Size(max = 1000)
        String password,
        @Size(max = 2000) @Pattern(regexp = "|https://\\S+|http://(localhost|127\\.0\\.0\\.1)(:\\d+)?/\\S*",
                message = "The token endpoint is an https:// address.") String oauthTokenEndpoint,
        @Size(max = 500) String oauthClientId,
        @Schema(accessMode = Schema.AccessMode.WRITE_ONLY, description = "Write-only; blank on a change keeps the stored one") @Size(max = 2000)
        String oauthClientSecret,
        @Schema(accessMode = Schema.AccessMode.WRITE_ONLY, description = "Write-only; blank on a change keeps the stored one") @Size(max = 8000)
        String oauthRefreshToken,
        @Schema(description = "When the refresh token expires, as the provider told you; admins are warned ahead of it")
        @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate oauthRefreshExpiresOn,
        @Size(max = 200) String folder,
        @Schema(description = "The client every mail to this box is for; null: the sender decides") UUID boundClientId,
        @Schema(description = "Trust the From address without an aligned DMARC pass: only for an internal relay that adds no Authentication-Results")
        Boolean trustWithoutDmarc,
        @Size(max = 253) @Pattern(regexp = "|[A-Za-z0-9.-]+", message = "An authserv-id is a host name.") String trustedAuthServId,
        Boolean enabled) {

    static final String HOST = "[A-Za-z0-9]([A-Za-z0-9-]{0,62})(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,62}))*|\\[?[0-9A-Fa-f:.]+]?";

    /** An empty form: TLS on 993, password sign-in, INBOX. */
    public static MailboxInput blank() {
        return new MailboxInput("", "", "", 993, "TLS", false, "PASSWORD", "", "", "", "", "", "", null, "INBOX", null, false, "", true);
    }

    /** Absent is false: a box sends nothing in the clear and trusts nothing without DMARC unless said so. */
    boolean plaintext() {
        return Boolean.TRUE.equals(plaintextAllowed);
    }

    boolean trustsWithoutDmarc() {
        return Boolean.TRUE.equals(trustWithoutDmarc);
    }

    String folderOrInbox() {
        return folder == null || folder.isBlank() ? "INBOX" : folder.strip();
    }

    static boolean given(String secret) {
        return secret != null && !secret.isBlank();
    }
}
