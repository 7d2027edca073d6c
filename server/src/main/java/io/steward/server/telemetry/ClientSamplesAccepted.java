package io.steward.server.telemetry;

import java.util.List;

import io.steward.server.shared.ClientId;

/**
 * Batches of one client were stored: published once per client and write, inside the write's transaction and in that
 * client's tenant scope, so that listeners (alert evaluation) commit with the samples and can do their own writes for
 * all of the client's batches at once instead of batch by batch. Every batch belongs to {@code clientId}.
 */
public record ClientSamplesAccepted(ClientId clientId, List<SamplesAccepted> batches) {
    public ClientSamplesAccepted {
        batches = List.copyOf(batches);
    }
}
