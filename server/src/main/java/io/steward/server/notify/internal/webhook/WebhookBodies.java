package io.steward.server.notify.internal.webhook;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Writes a delivery's body in its endpoint's format from the stored event (the STANDARD payload): unchanged for STANDARD;
 * for Slack an incoming-webhook message ({@code text} as the notification fallback and {@code blocks}: the summary, the
 * event type and time, a button to open Steward); for Microsoft Teams a Workflows message with one Adaptive Card
 * attachment (summary, facts, an Open action).
 */
public final class WebhookBodies {
    private final ObjectMapper json;

    public WebhookBodies(ObjectMapper json) {
        this.json = json;
    }

    public String body(WebhookFormat format, String payload) {
        if (format == WebhookFormat.STANDARD) {
            return payload;
        }
        JsonNode event = json.readTree(payload);
        JsonNode data = event.path("data");
        String summary = data.path("summary").asString(event.path("type").asString(""));
        String link = firstLink(data.path("links"));
        String client = data.path("client").path("name").asString("");
        Map<String, Object> out = format == WebhookFormat.SLACK
                ? slack(summary, event.path("type").asString(""), event.path("timestamp").asString(""), client, link)
                : teams(summary, event.path("type").asString(""), event.path("timestamp").asString(""), client, link);
        return json.writeValueAsString(out);
    }

    private static Map<String, Object> slack(String summary, String type, String timestamp, String client, String link) {
        List<Object> blocks = new ArrayList<>();
        blocks.add(Map.of("type", "section", "text", Map.of("type", "mrkdwn", "text", "*" + slackEscape(summary) + "*")));
        String context = "`" + type + "` · " + timestamp + (client.isEmpty() ? "" : " · " + slackEscape(client));
        blocks.add(Map.of("type", "context", "elements", List.of(Map.of("type", "mrkdwn", "text", context))));
        if (link != null) {
            blocks.add(Map.of("type", "actions", "elements",
                    List.of(Map.of("type", "button", "text", Map.of("type", "plain_text", "text", "Open in Steward"), "url", link))));
        }
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("text", summary);
        message.put("blocks", blocks);
        return message;
    }

    private static Map<String, Object> teams(String summary, String type, String timestamp, String client, String link) {
        List<Object> facts = new ArrayList<>();
        facts.add(Map.of("title", "Event", "value", type));
        if (!client.isEmpty()) {
            facts.add(Map.of("title", "Client", "value", client));
        }
        facts.add(Map.of("title", "Time", "value", timestamp));
        Map<String, Object> card = new LinkedHashMap<>();
        card.put("$schema", "http://adaptivecards.io/schemas/adaptive-card.json");
        card.put("type", "AdaptiveCard");
        card.put("version", "1.4");
        card.put("body", List.of(Map.of("type", "TextBlock", "text", summary, "weight", "Bolder", "size", "Medium", "wrap", true),
                Map.of("type", "FactSet", "facts", facts)));
        if (link != null) {
            card.put("actions", List.of(Map.of("type", "Action.OpenUrl", "title", "Open in Steward", "url", link)));
        }
        Map<String, Object> attachment = new LinkedHashMap<>();
        attachment.put("contentType", "application/vnd.microsoft.card.adaptive");
        attachment.put("content", card);
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("type", "message");
        message.put("attachments", List.of(attachment));
        return message;
    }

    private static String firstLink(JsonNode links) {
        for (Map.Entry<String, JsonNode> e : links.properties()) {
            return e.getValue().asString();
        }
        return null;
    }

    /** Slack's mrkdwn treats these three as markup. */
    private static String slackEscape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
