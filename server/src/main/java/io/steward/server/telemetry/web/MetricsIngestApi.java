package io.steward.server.telemetry.web;

import java.util.List;
import java.util.Map;

import io.steward.protocol.Messages;
import io.steward.server.platform.HttpProblems;
import io.steward.server.shared.AgentDevice;
import io.steward.server.telemetry.BatchRejected;
import io.steward.server.telemetry.IngestBusy;
import io.steward.server.telemetry.TelemetryService;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The agent's metric batches (protocol v1). Signed and verified before they arrive here; answered
 * only once the batch is committed. A resend of a stored batch is answered 200 with
 * {@code accepted: 0} and the header {@value #ALREADY_STORED}.
 */
@RestController
class MetricsIngestApi {
    static final String ALREADY_STORED = "Steward-Already-Stored";

    private final TelemetryService telemetry;

    MetricsIngestApi(TelemetryService telemetry) {
        this.telemetry = telemetry;
    }

    @PostMapping("/agent/v1/metrics")
    ResponseEntity<Messages.BatchResponse> metrics(@RequestAttribute(AgentDevice.ATTRIBUTE) AgentDevice device, @RequestBody Messages.MetricBatch batch) {
        TelemetryService.Ingested ingested = telemetry.ingest(device, batch);
        ResponseEntity.BodyBuilder ok = ResponseEntity.ok();
        if (ingested.alreadyStored()) {
            ok.header(ALREADY_STORED, "true");
        }
        return ok.body(ingested.response());
    }

    @ExceptionHandler(BatchRejected.class)
    ResponseEntity<ProblemDetail> rejected(BatchRejected e, HttpServletRequest request) {
        ProblemDetail p = HttpProblems.of(HttpStatus.BAD_REQUEST, e.getMessage(), request);
        List<Map<String, String>> errors = e.rejected().entrySet().stream()
                .map(r -> Map.of("field", "samples[" + r.getKey() + "]", "message", r.getValue())).toList();
        p.setProperty("errors", errors);
        return ResponseEntity.badRequest().contentType(MediaType.APPLICATION_PROBLEM_JSON).body(p);
    }

    @ExceptionHandler(IngestBusy.class)
    ResponseEntity<ProblemDetail> busy(IngestBusy e, HttpServletRequest request) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, Integer.toString(e.retryAfterSeconds()))
                .contentType(MediaType.APPLICATION_PROBLEM_JSON).body(HttpProblems.of(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage(), request));
    }
}
