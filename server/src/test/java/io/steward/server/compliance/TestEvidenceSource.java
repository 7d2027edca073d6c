package io.steward.server.compliance;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.steward.server.shared.ClientId;
import org.springframework.stereotype.Component;

/**
 * A test-only evidence source in the shared test context (found by component scan from the test class path): tests set
 * the facts of their own clients here, standing in for the backup and security modules' sources. Clients nobody set
 * get nothing.
 */
@Component
public class TestEvidenceSource implements EvidenceSource {
    static final List<String> FACTS = List.of(Facts.BACKUP_RPO_MET, Facts.BACKUP_RESTORE_TESTED, Facts.SECURITY_PREFIX + "firewall",
            Facts.SECURITY_PREFIX + "failed-logons", Facts.SECURITY_PREFIX + "disk-encryption");
    private static final Map<ClientId, List<Evidence>> FOR = new ConcurrentHashMap<>();

    public static void set(ClientId client, List<Evidence> evidence) {
        FOR.put(client, List.copyOf(evidence));
    }

    @Override
    public List<String> facts() {
        return FACTS;
    }

    @Override
    public List<Evidence> evidence(ClientId client, Instant now) {
        return FOR.getOrDefault(client, List.of());
    }
}
