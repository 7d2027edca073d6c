package io.steward.server.notify.internal.webhook;

import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;

import io.steward.server.support.DemoLogins;
import io.steward.server.support.Http;
import io.steward.server.support.IntegrationTest;
import io.steward.server.support.OwnData;
import org.junit.jupiter.api.Test;

import static io.steward.server.support.Text.match;
import static org.assertj.core.api.Assertions.assertThat;

/** The webhook pages as an admin, a service manager and a technician use them. */
class WebhookPagesTest extends IntegrationTest {

    @Test
    void anAdminCreatesAnEndpointSeesTheSecretOnceTestsDisablesAndRotates() {
        Http admin = admin();
        String client = OwnData.client(adminApi(), "Webhook pages");
        admin.page("/settings/webhooks/new");

        HttpResponse<String> refused = admin.postForm("/settings/webhooks", form(client, "http://169.254.169.254/latest/meta-data/"));
        assertThat(refused.statusCode()).isEqualTo(200);
        assertThat(refused.body()).contains("id=\"url-error\"").contains("169.254.169.254");

        String name = "Pages hook " + java.util.UUID.randomUUID();
        Map<String, String> fields = form(client, "https://93.184.216.34/hook");
        fields.put("name", name);
        HttpResponse<String> saved = admin.postForm("/settings/webhooks", fields);
        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(302);
        String location = saved.headers().firstValue("Location").orElseThrow();
        String path = location.substring(location.indexOf("/settings/webhooks/"));

        String first = admin.page(path);
        assertThat(first).contains("id=\"new-secret\"").containsPattern("whsec_[A-Za-z0-9+/=]{40,}");
        assertThat(admin.page(path)).as("the secret is shown once").doesNotContain("whsec_");
        assertThat(admin.page("/settings/webhooks?clientId=" + client)).contains(name);

        assertThat(admin.postForm(path + "/test", Map.of()).statusCode()).isEqualTo(302);
        assertThat(admin.page(path)).contains("webhook.test").contains("PENDING");

        assertThat(admin.postForm(path + "/enabled", Map.of("enabled", "false")).statusCode()).isEqualTo(302);
        assertThat(match(admin.page(path), "id=\"webhook-state\">([^<]+)<")).startsWith("disabled");

        assertThat(admin.postForm(path + "/rotate-secret", Map.of()).statusCode()).isEqualTo(302);
        assertThat(admin.page(path)).containsPattern("whsec_[A-Za-z0-9+/=]{40,}").contains("the previous secret also signs until");
    }

    @Test
    void technicansSeeNoWebhooksAndManagersMayNotAllowThePrivateNetwork() {
        assertThat(signedIn(DemoLogins.TIER1).get("/settings/webhooks").statusCode()).isEqualTo(403);

        Http manager = signedIn(DemoLogins.MANAGER);
        String client = OwnData.client(adminApi(), "Webhook pages manager");
        String page = manager.page("/settings/webhooks/new");
        assertThat(page).contains("id=\"allowPrivateNetwork\"").containsPattern("id=\"allowPrivateNetwork\"[^>]*disabled");
        Map<String, String> fields = form(client, "http://127.0.0.1/hook");
        fields.put("allowPrivateNetwork", "true");
        HttpResponse<String> refused = manager.postForm("/settings/webhooks", fields);
        assertThat(refused.statusCode()).isEqualTo(200);
        assertThat(refused.body()).contains("id=\"allowPrivateNetwork-error\"");
    }

    private static Map<String, String> form(String client, String url) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("name", "Pages hook");
        fields.put("clientId", client);
        fields.put("url", url);
        fields.put("format", "STANDARD");
        fields.put("eventTypes", "ticket.created");
        return fields;
    }
}
