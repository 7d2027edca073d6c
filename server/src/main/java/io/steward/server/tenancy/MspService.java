package io.steward.server.tenancy;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;

import io.steward.server.audit.AuditLog;
import io.steward.server.shared.InvalidInputException;
import io.steward.server.shared.Viewer;
import io.steward.server.tenancy.internal.MspRepository;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The MSP's own name, which reports put on their cover beside the client's. There is one MSP per installation; its
 * name is unset until an MSP admin sets it (reports then say "Steward").
 */
@Service
public class MspService {
    static final int MAX_NAME = 200;

    private final MspRepository repository;
    private final AuditLog audit;
    private final Clock clock;

    public MspService(MspRepository repository, AuditLog audit, Clock clock) {
        this.repository = repository;
        this.audit = audit;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public Optional<String> name() {
        return repository.name();
    }

    /** Sets the MSP's name (MSP admins): 1 to 200 characters once surrounding spaces are dropped. */
    @Transactional
    public String rename(Viewer viewer, String name) {
        TenancyPermissions.ADMINISTER.require(viewer);
        String n = name == null ? "" : name.strip();
        if (n.isEmpty() || n.length() > MAX_NAME) {
            throw new InvalidInputException("name", "The MSP's name is 1 to " + MAX_NAME + " characters.");
        }
        audit.record("msp.renamed", "msp", "1", null, Map.of("name", n));
        repository.rename(n, clock.instant());
        return n;
    }
}
