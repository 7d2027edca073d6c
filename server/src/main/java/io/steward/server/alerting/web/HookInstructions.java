package io.steward.server.alerting.web;

import io.steward.server.alerting.AlertSource;
import io.steward.server.alerting.AlertSourceSecret;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * What a sender needs, ready to paste, shown with the secret the one time it exists: the hook's full URL (the address
 * this request came to), Alertmanager's {@code receivers:} entry and Uptime Kuma's webhook notification settings.
 */
record HookInstructions(AlertSource source, String secret, String hookUrl, String alertmanagerReceiver, String uptimeKumaSettings,
                        String genericExample) {

    static HookInstructions of(AlertSourceSecret created) {
        String url = ServletUriComponentsBuilder.fromCurrentContextPath().path(created.source().hookPath()).toUriString();
        String secret = created.secret();
        String receiver = """
                receivers:
                  - name: steward
                    webhook_configs:
                      - url: '%s'
                        send_resolved: true
                        max_alerts: 500
                        http_config:
                          authorization:
                            type: Bearer
                            credentials: '%s'
                """.formatted(url, secret);
        String kuma = """
                Notification Type: Webhook
                Post URL: %s
                Request Body: Preset - application/json
                Additional Headers: {"Authorization": "Bearer %s"}
                """.formatted(url, secret);
        String generic = """
                curl -X POST '%s' -H 'Authorization: Bearer %s' -H 'Content-Type: application/json' \\
                  -d '{"fingerprint":"backup-nas01","status":"firing","title":"Backup failed","severity":"critical","host":"nas01","startsAt":"2026-01-31T22:15:00Z"}'
                """.formatted(url, secret);
        return new HookInstructions(created.source(), secret, url, receiver, kuma, generic);
    }
}
