package io.steward.server.compliance.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.steward.server.compliance.Evidence;
import io.steward.server.compliance.EvidenceSource;
import io.steward.server.shared.ClientId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Asks every {@link EvidenceSource} bean (however many modules provide one) for a client's facts. A source that fails
 * is logged and left out, so its facts are "not evaluated", never passed; evidence a source was not declared for, or
 * observed after {@code now}, is dropped.
 */
@Component
public class EvidenceCollector {
    private static final Logger LOG = LoggerFactory.getLogger(EvidenceCollector.class);

    private final ObjectProvider<EvidenceSource> sources;

    EvidenceCollector(ObjectProvider<EvidenceSource> sources) {
        this.sources = sources;
    }

    public List<Evidence> collect(ClientId client, Instant now) {
        List<Evidence> out = new ArrayList<>();
        sources.orderedStream().forEach(source -> {
            try {
                Set<String> declared = new HashSet<>(source.facts());
                for (Evidence e : source.evidence(client, now)) {
                    if (declared.contains(e.fact()) && !e.observedAt().isAfter(now)) {
                        out.add(e);
                    }
                }
            } catch (RuntimeException e) {
                LOG.warn("Evidence source {} failed for client {}: {}", source.getClass().getSimpleName(), client, e.toString(), e);
            }
        });
        return out;
    }
}
