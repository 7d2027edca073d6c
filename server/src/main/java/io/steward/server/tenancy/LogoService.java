package io.steward.server.tenancy;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

import io.steward.server.audit.AuditLog;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.Viewer;
import io.steward.server.tenancy.Logo.LogoInfo;
import io.steward.server.tenancy.internal.LogoRepository;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The MSP's logo and the clients' logos, shown on the monthly report's cover and headers. Everyone signed in may read
 * the MSP's logo; a client's logo is read by whoever sees the client (its portal users included) and is a 404 to
 * anyone else. Only MSP admins change the MSP's logo; the staff who may edit a client (admins, service managers)
 * change its logo. Every stored image has passed {@link LogoImageCheck}; every change is audited before it is made.
 */
@Service
public class LogoService {
    private final LogoRepository logos;
    private final ClientService clients;
    private final AuditLog audit;
    private final Clock clock;

    public LogoService(LogoRepository logos, ClientService clients, AuditLog audit, Clock clock) {
        this.logos = logos;
        this.clients = clients;
        this.audit = audit;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public Optional<LogoInfo> mspInfo(Viewer viewer) {
        return logos.mspInfo();
    }

    @Transactional(readOnly = true)
    public Optional<Logo> msp(Viewer viewer) {
        return logos.msp();
    }

    /** Replaces the MSP's logo (MSP admins); refuses bytes that {@link LogoImageCheck} does not accept. */
    @Transactional
    public LogoInfo putMsp(Viewer viewer, byte[] bytes) {
        TenancyPermissions.ADMINISTER.require(viewer);
        LogoRepository.Stored s = checked(bytes);
        audit.record("msp.logo_changed", "msp", "1", null, details(s));
        logos.putMsp(s, viewer.displayName(), clock.instant());
        return logos.mspInfo().orElseThrow();
    }

    /** Removes the MSP's logo (MSP admins); false when there was none. */
    @Transactional
    public boolean deleteMsp(Viewer viewer) {
        TenancyPermissions.ADMINISTER.require(viewer);
        if (logos.mspInfo().isEmpty()) {
            return false;
        }
        audit.record("msp.logo_removed", "msp", "1", null, Map.of());
        return logos.deleteMsp();
    }

    /** The client's logo facts; 404 when the client is not in the viewer's scope. */
    @Transactional(readOnly = true)
    public Optional<LogoInfo> clientInfo(Viewer viewer, ClientId id) {
        clients.get(viewer, id);
        return logos.clientInfo(viewer.scope(), id);
    }

    @Transactional(readOnly = true)
    public Optional<Logo> client(Viewer viewer, ClientId id) {
        clients.get(viewer, id);
        return logos.client(viewer.scope(), id);
    }

    /** Replaces the client's logo (MSP admins, service managers, as for editing the client). */
    @Transactional
    public LogoInfo putClient(Viewer viewer, ClientId id, byte[] bytes) {
        TenancyPermissions.MANAGE_CLIENTS.require(viewer);
        Client client = clients.get(viewer, id);
        LogoRepository.Stored s = checked(bytes);
        audit.record("client.logo_changed", "client", id.toString(), id, Map.of("name", client.name(), "logo", details(s)));
        logos.putClient(id, s, viewer.displayName(), clock.instant());
        return logos.clientInfo(viewer.scope(), id).orElseThrow();
    }

    /** Removes the client's logo; false when there was none. */
    @Transactional
    public boolean deleteClient(Viewer viewer, ClientId id) {
        TenancyPermissions.MANAGE_CLIENTS.require(viewer);
        Client client = clients.get(viewer, id);
        if (logos.clientInfo(viewer.scope(), id).isEmpty()) {
            return false;
        }
        audit.record("client.logo_removed", "client", id.toString(), id, Map.of("name", client.name()));
        return logos.deleteClient(viewer.scope(), id);
    }

    private static LogoRepository.Stored checked(byte[] bytes) {
        LogoImageCheck.Accepted a = LogoImageCheck.check(bytes);
        return new LogoRepository.Stored(a.contentType(), bytes, a.width(), a.height(), sha256(bytes));
    }

    private static Map<String, Object> details(LogoRepository.Stored s) {
        return Map.of("contentType", s.contentType(), "width", s.width(), "height", s.height(), "bytes", s.image().length, "sha256", s.sha256());
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
