package io.steward.server.compliance.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Locale;

import com.openhtmltopdf.outputdevice.helper.ExternalResourceControlPriority;
import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import io.steward.server.compliance.ClientCoverage;
import org.springframework.stereotype.Component;
import org.thymeleaf.ITemplateEngine;
import org.thymeleaf.context.Context;

/**
 * The audit pack's summary as PDF: the {@code compliance/pack-pdf} template laid out by openhtmltopdf, as the monthly
 * report is (DejaVu Sans when the system has it, else Helvetica; nothing fetched from outside the document).
 */
@Component
public class PackPdf {
    private static final Path DEJAVU = Path.of("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf");
    private static final Path DEJAVU_BOLD = Path.of("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf");

    private final ITemplateEngine templates;

    PackPdf(ITemplateEngine templates) {
        this.templates = templates;
    }

    /** What the summary shows besides the coverage. */
    public record Period(String from, String to, String generatedAt, String generatedBy) {
    }

    public byte[] render(ClientCoverage cc, Period period, ZoneId zone) {
        boolean dejavu = Files.isReadable(DEJAVU) && Files.isReadable(DEJAVU_BOLD);
        Context ctx = new Context(Locale.ENGLISH);
        ctx.setVariable("cc", cc);
        ctx.setVariable("period", period);
        ctx.setVariable("zone", zone);
        ctx.setVariable("font", dejavu ? "'DejaVu Sans'" : "Helvetica, sans-serif");
        String html = templates.process("compliance/pack-pdf", ctx);
        ByteArrayOutputStream out = new ByteArrayOutputStream(32 * 1024);
        try {
            PdfRendererBuilder builder = new PdfRendererBuilder();
            builder.useFastMode();
            if (dejavu) {
                builder.useFont(DEJAVU.toFile(), "DejaVu Sans", 400, PdfRendererBuilder.FontStyle.NORMAL, true);
                builder.useFont(DEJAVU_BOLD.toFile(), "DejaVu Sans", 700, PdfRendererBuilder.FontStyle.NORMAL, true);
            }
            builder.useExternalResourceAccessControl((uri, type) -> false, ExternalResourceControlPriority.RUN_BEFORE_RESOLVING_URI);
            builder.useExternalResourceAccessControl((uri, type) -> false, ExternalResourceControlPriority.RUN_AFTER_RESOLVING_URI);
            builder.withHtmlContent(html, "about:blank");
            builder.toStream(out);
            builder.run();
        } catch (IOException e) {
            throw new IllegalStateException("The audit pack summary could not be laid out as PDF", e);
        }
        return out.toByteArray();
    }
}
