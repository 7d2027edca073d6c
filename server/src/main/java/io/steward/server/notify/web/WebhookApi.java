package io.steward.server.notify.web;

import java.util.List;
import java.util.UUID;

import io.steward.server.notify.internal.webhook.WebhookDelivery;
import io.steward.server.notify.internal.webhook.WebhookEndpoint;
import io.steward.server.notify.internal.webhook.WebhookEndpointDraft;
import io.steward.server.notify.internal.webhook.WebhookService;
import io.steward.server.shared.ExpectedVersion;
import io.steward.server.shared.IfMatch;
import io.steward.server.shared.Viewer;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Outbound webhooks over JSON: MSP admins manage every endpoint, service managers their clients' ones. A URL that
 * resolves to a loopback, private or link-local address is a 400 naming the field {@code url}, unless an MSP admin set
 * {@code allowPrivateNetwork}.
 */
@RestController
@RequestMapping("/api/v1/webhooks")
@Tag(name = "Webhooks", description = "Outbound webhooks (Standard Webhooks signatures, Slack, Microsoft Teams), their delivery log and replay")
class WebhookApi {
    private final WebhookService webhooks;

    WebhookApi(WebhookService webhooks) {
        this.webhooks = webhooks;
    }

    /** An endpoint as created or after its secret was rotated: the secret appears this once. */
    record EndpointWithSecret(WebhookEndpoint endpoint, String secret) {
    }

    @GetMapping
    @Operation(summary = "Endpoints the caller sees (MSP admins, service managers); with clientId, only that client's")
    List<WebhookEndpoint> listWebhooks(Viewer viewer, @RequestParam(required = false) UUID clientId) {
        return webhooks.list(viewer, clientId);
    }

    @PostMapping
    @Operation(summary = "Create an endpoint; the answer carries its signing secret (whsec_...), shown this once")
    ResponseEntity<EndpointWithSecret> createWebhook(Viewer viewer, @RequestBody WebhookEndpointDraft draft) {
        WebhookService.WithSecret w = webhooks.create(viewer, draft);
        return IfMatch.created("/api/v1/webhooks/" + w.endpoint().id(), new EndpointWithSecret(w.endpoint(), w.secret()), w.endpoint().version());
    }

    @GetMapping("/{webhookId}")
    @Operation(summary = "One endpoint; the ETag is its version")
    ResponseEntity<WebhookEndpoint> getWebhook(Viewer viewer, @PathVariable UUID webhookId) {
        WebhookEndpoint e = webhooks.get(viewer, webhookId);
        return IfMatch.ok(e, e.version());
    }

    @PutMapping("/{webhookId}")
    @Operation(summary = "Replace an endpoint (send If-Match); enabled false disables it, true enables it again")
    ResponseEntity<WebhookEndpoint> updateWebhook(Viewer viewer, @PathVariable UUID webhookId, ExpectedVersion ifMatch,
                                                  @RequestBody WebhookEndpointDraft draft) {
        WebhookEndpoint e = webhooks.update(viewer, webhookId, draft, ifMatch.value());
        return IfMatch.ok(e, e.version());
    }

    @DeleteMapping("/{webhookId}")
    @Operation(summary = "Delete an endpoint with its delivery log")
    ResponseEntity<Void> deleteWebhook(Viewer viewer, @PathVariable UUID webhookId) {
        webhooks.delete(viewer, webhookId);
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/{webhookId}/rotate-secret")
    @Operation(summary = "A new signing secret, shown this once; the previous one keeps signing beside it (two signatures) for the configured overlap")
    EndpointWithSecret rotateWebhookSecret(Viewer viewer, @PathVariable UUID webhookId) {
        WebhookService.WithSecret w = webhooks.rotateSecret(viewer, webhookId);
        return new EndpointWithSecret(w.endpoint(), w.secret());
    }

    @PostMapping("/{webhookId}/test")
    @Operation(summary = "Queue a webhook.test event to the endpoint; the answer is the delivery, sent by the next delivery pass")
    ResponseEntity<WebhookDelivery> testWebhook(Viewer viewer, @PathVariable UUID webhookId) {
        return ResponseEntity.accepted().body(webhooks.sendTest(viewer, webhookId));
    }

    @GetMapping("/{webhookId}/deliveries")
    @Operation(summary = "The newest 100 deliveries of the endpoint with every attempt; status=DEAD lists the dead letters")
    List<WebhookDelivery> listWebhookDeliveries(Viewer viewer, @PathVariable UUID webhookId,
                                                @Parameter(description = "PENDING, DELIVERED or DEAD") @RequestParam(required = false) String status) {
        return webhooks.deliveries(viewer, webhookId, status);
    }

    @GetMapping("/deliveries/{webhookDeliveryId}")
    @Operation(summary = "One delivery with every attempt")
    WebhookDelivery getWebhookDelivery(Viewer viewer, @PathVariable UUID webhookDeliveryId) {
        return webhooks.delivery(viewer, webhookDeliveryId);
    }

    @PostMapping("/deliveries/{webhookDeliveryId}/replay")
    @Operation(summary = "Send a delivery again (same webhook-id) on the next delivery pass, dead or delivered")
    ResponseEntity<WebhookDelivery> replayWebhookDelivery(Viewer viewer, @PathVariable UUID webhookDeliveryId) {
        return ResponseEntity.accepted().body(webhooks.replay(viewer, webhookDeliveryId));
    }
}
