package io.steward.server.notify.internal.mail;

import java.util.Optional;
import java.util.UUID;

import io.steward.server.shared.ClientId;
import io.steward.server.shared.Role;
import io.steward.server.shared.TenantScope;
import io.steward.server.shared.UserId;
import io.steward.server.shared.Viewer;
import io.steward.server.tenancy.Logo;
import io.steward.server.tenancy.LogoService;
import org.springframework.stereotype.Component;

/**
 * The client's logo for the HTML part of its mail, read through the tenancy module as Steward itself (a read-only
 * system viewer): whether there is one when a mail is written, and its bytes when the mail is sent.
 */
@Component
class ClientLogos {
    private static final Viewer MAILER = new Viewer(new UserId(new UUID(0, 0)), "mailer@steward.invalid", "Steward mail", Role.MSP_ADMIN, null, null,
            TenantScope.all(), true);

    private final LogoService logos;

    ClientLogos(LogoService logos) {
        this.logos = logos;
    }

    boolean has(ClientId client) {
        try {
            return client != null && logos.clientInfo(MAILER, client).isPresent();
        } catch (RuntimeException gone) {
            return false;
        }
    }

    Optional<Logo> of(ClientId client) {
        try {
            return client == null ? Optional.empty() : logos.client(MAILER, client);
        } catch (RuntimeException gone) {
            // The client was deleted since: its mail goes without the logo.
            return Optional.empty();
        }
    }
}
