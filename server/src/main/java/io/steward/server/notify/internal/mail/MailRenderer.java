package io.steward.server.notify.internal.mail;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.steward.server.tenancy.MspService;
import org.springframework.stereotype.Component;
import org.thymeleaf.ITemplateEngine;
import org.thymeleaf.context.Context;

/**
 * Turns a kind of mail and its values into subject, text and HTML: the MSP's text for the kind (or the default),
 * placeholders replaced by {@link MailText}, and the HTML part as the fixed layout {@code mail/message} around the
 * escaped text. The MSP's text is never handed to Thymeleaf as a template.
 */
@Component
public class MailRenderer {
    /** The Content-ID the layout shows the client's logo by, when the mail carries it. */
    static final String LOGO_CID = "client-logo";

    private final MailTemplateRepository templates;
    private final ITemplateEngine engine;
    private final MspService msp;

    MailRenderer(MailTemplateRepository templates, ITemplateEngine engine, MspService msp) {
        this.templates = templates;
        this.engine = engine;
        this.msp = msp;
    }

    /** A mail ready for the outbox. */
    public record Rendered(String subject, String text, String html) {
    }

    /** The kind's current texts (the MSP's, else the default) with {@code values}; {@code link} also becomes the button. */
    Rendered render(MailKind kind, Map<String, String> values, boolean withLogo) {
        MailTemplateRepository.Stored stored = templates.find(kind.name()).orElse(null);
        return render(kind, stored == null ? kind.defaultSubject() : stored.subject(), stored == null ? kind.defaultBody() : stored.body(), values,
                withLogo);
    }

    /** Given texts (a preview of an edit) with {@code values}. */
    Rendered render(MailKind kind, String subject, String body, Map<String, String> values, boolean withLogo) {
        Map<String, String> all = new HashMap<>(values);
        String mspName = msp.name().orElse("Steward");
        all.putIfAbsent("msp.name", mspName);
        String s = MailText.oneLine(MailText.expand(subject, kind.placeholders(), all));
        String text = MailText.expand(body.replace("\r\n", "\n"), kind.placeholders(), all).strip();
        Context ctx = new Context();
        ctx.setVariable("subject", s);
        ctx.setVariable("mspName", mspName);
        ctx.setVariable("paragraphs", paragraphs(text));
        String link = all.get("link");
        ctx.setVariable("link", link == null || link.isBlank() ? null : link);
        ctx.setVariable("linkLabel", kind.toClient() ? "Open in the portal" : "Open in Steward");
        ctx.setVariable("logoCid", withLogo ? LOGO_CID : null);
        return new Rendered(s.isEmpty() ? kind.label() : s, text, engine.process("mail/message", ctx));
    }

    private static List<List<String>> paragraphs(String text) {
        return Arrays.stream(text.split("\\n\\s*\\n")).map(p -> List.of(p.split("\\n"))).toList();
    }
}
