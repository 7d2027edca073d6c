package io.steward.server.reporting.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Locale;

import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import io.steward.server.reporting.MonthlyReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.thymeleaf.ITemplateEngine;
import org.thymeleaf.context.Context;

/**
 * Renders a {@link MonthlyReport} as PDF: the {@code reports/pdf} template (cover, contents with page numbers, the
 * report's sections, page numbers in the footer) laid out by openhtmltopdf, charts embedded as PNG. A4 or US Letter.
 * Text uses DejaVu Sans when the system has it (all of Unicode's Latin, Greek and Cyrillic), else the PDF's built-in
 * Helvetica.
 */
@Component
public class ReportPdf {
    private static final Logger log = LoggerFactory.getLogger(ReportPdf.class);
    private static final Path DEJAVU = Path.of("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf");
    private static final Path DEJAVU_BOLD = Path.of("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf");

    /** The paper sizes a report prints on. */
    public enum Paper {
        A4("A4"), LETTER("letter");

        private final String css;

        Paper(String css) {
            this.css = css;
        }

        /** {@code a4} or {@code letter}, any case; null for A4. */
        public static Paper of(String text) {
            if (text == null || text.isBlank() || text.equalsIgnoreCase("a4")) {
                return A4;
            }
            if (text.equalsIgnoreCase("letter")) {
                return LETTER;
            }
            throw new io.steward.server.shared.InvalidInputException("paper", "The paper is a4 or letter.");
        }
    }

    /** Breached tickets printed; a month with more says how many more there are and where they are. */
    static final int BREACH_ROWS = 100;

    private final ITemplateEngine templates;

    public ReportPdf(ITemplateEngine templates) {
        this.templates = templates;
    }

    public byte[] render(MonthlyReport report, Paper paper) {
        long t0 = System.nanoTime();
        boolean dejavu = Files.isReadable(DEJAVU) && Files.isReadable(DEJAVU_BOLD);
        Context ctx = new Context(Locale.ENGLISH);
        ZoneId zone = ZoneId.of(report.header().timeZone());
        ctx.setVariable("r", report);
        ctx.setVariable("zone", zone);
        ctx.setVariable("paper", paper.css);
        ctx.setVariable("font", dejavu ? "'DejaVu Sans'" : "Helvetica, sans-serif");
        ctx.setVariable("monthName", java.time.YearMonth.parse(report.header().month()).format(DateTimeFormatter.ofPattern("MMMM yyyy", Locale.ENGLISH)));
        ctx.setVariable("links", null);
        ctx.setVariable("breachRows", report.breaches().tickets().subList(0, Math.min(BREACH_ROWS, report.breaches().tickets().size())));
        ctx.setVariable("volumesPng", png(ReportCharts.volumes(report)));
        ctx.setVariable("downtimePng", report.availability().sites().isEmpty() ? null : png(ReportCharts.downtimeBySite(report)));
        long t1 = System.nanoTime();
        String html = templates.process("reports/pdf", ctx);
        long t2 = System.nanoTime();
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
        try {
            PdfRendererBuilder builder = new PdfRendererBuilder();
            builder.useFastMode();
            if (dejavu) {
                builder.useFont(DEJAVU.toFile(), "DejaVu Sans", 400, PdfRendererBuilder.FontStyle.NORMAL, true);
                builder.useFont(DEJAVU_BOLD.toFile(), "DejaVu Sans", 700, PdfRendererBuilder.FontStyle.NORMAL, true);
            }
            builder.withHtmlContent(html, "about:blank");
            builder.toStream(out);
            builder.run();
        } catch (IOException e) {
            throw new IllegalStateException("The report could not be laid out as PDF", e);
        }
        if (log.isDebugEnabled()) {
            log.debug("PDF of {} {}: charts {} ms, template {} ms ({} chars), layout {} ms", report.header().clientId(), report.header().month(),
                    (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, html.length(), (System.nanoTime() - t2) / 1_000_000);
        }
        return out.toByteArray();
    }

    /** A chart as a data URI, or null (and a log line) when the machine cannot draw it: the PDF then goes without it. */
    private static String png(ReportCharts.Chart chart) {
        try {
            return "data:image/png;base64," + Base64.getEncoder().encodeToString(ReportCharts.png(chart));
        } catch (RuntimeException | LinkageError e) {
            log.warn("Chart '{}' not drawn: {}", chart.title(), e.toString());
            return null;
        }
    }
}
