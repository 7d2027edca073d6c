package io.steward.server.telemetry.web;

import java.util.LinkedHashMap;
import java.util.Map;

import io.steward.protocol.AgentProtocol;
import io.steward.protocol.Messages;
import io.steward.server.shared.AgentEndpoint;
import io.steward.server.shared.AgentEndpoint.Answer;
import io.steward.server.telemetry.BatchRejected;
import io.steward.server.telemetry.IngestBusy;
import io.steward.server.telemetry.TelemetryService;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The agent's metric batches (protocol v1), answered only once the batch is committed. A resend of
 * a stored batch is answered 200 with {@code accepted: 0} and the header {@value #ALREADY_STORED}.
 * A batch of which no sample can be stored is 400 with each sample's reason (do not resend); a full
 * queue is 503 with Retry-After (resend later).
 */
@Configuration(proxyBeanMethods = false)
class MetricsAgentEndpoint {
    static final String ALREADY_STORED = "Steward-Already-Stored";

    @Bean
    AgentEndpoint<Messages.MetricBatch> metricsEndpoint(TelemetryService telemetry) {
        return new AgentEndpoint<>(AgentProtocol.METRICS_PATH, Messages.MetricBatch.class, (device, batch) -> {
            try {
                TelemetryService.Ingested ingested = telemetry.ingest(device, batch);
                Answer ok = Answer.ok(ingested.response());
                return ingested.alreadyStored() ? ok.withHeader(ALREADY_STORED, "true") : ok;
            } catch (BatchRejected e) {
                Map<String, String> errors = new LinkedHashMap<>();
                new java.util.TreeMap<>(e.rejected()).forEach((index, why) -> errors.put("samples[" + index + "]", why));
                return Answer.problem(400, e.getMessage(), errors, Map.of());
            } catch (IngestBusy e) {
                return Answer.problem(503, e.getMessage(), Map.of(), Map.of("Retry-After", Integer.toString(e.retryAfterSeconds())));
            }
        });
    }
}
