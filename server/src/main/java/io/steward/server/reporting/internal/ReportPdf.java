package io.steward.server.reporting.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Locale;

import com.openhtmltopdf.outputdevice.helper.ExternalResourceControlPriority;
import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import io.steward.server.reporting.MonthlyReport;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.Viewer;
import io.steward.server.tenancy.Logo;
import io.steward.server.tenancy.LogoService;
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

    /** Largest logo box on the cover, in millimetres: the client's logo above its name, the MSP's beside "Prepared by". */
    static final double CLIENT_LOGO_MM_W = 90, CLIENT_LOGO_MM_H = 35, MSP_LOGO_MM_W = 60, MSP_LOGO_MM_H = 20;

    private final ITemplateEngine templates;
    private final LogoService logos;

    public ReportPdf(ITemplateEngine templates, LogoService logos) {
        this.templates = templates;
        this.logos = logos;
    }

    /** A logo on the cover: a {@code data:} URI (the renderer fetches nothing) and the CSS size that fits it in its box. */
    public record CoverLogo(String src, String width, String height) {
        static CoverLogo of(Logo logo, double maxWidthMm, double maxHeightMm) {
            double scale = Math.min(maxWidthMm / logo.info().width(), maxHeightMm / logo.info().height());
            return new CoverLogo(logo.dataUri(), mm(logo.info().width() * scale), mm(logo.info().height() * scale));
        }

        private static String mm(double v) {
            return String.format(Locale.ROOT, "%.1fmm", v);
        }
    }

    /** The report as PDF, with the MSP's and the client's logos on the cover where the viewer may see them. */
    public byte[] render(Viewer viewer, MonthlyReport report, Paper paper) {
        ClientId clientId = new ClientId(report.header().clientId());
        CoverLogo mspLogo = logos.msp(viewer).map(l -> CoverLogo.of(l, MSP_LOGO_MM_W, MSP_LOGO_MM_H)).orElse(null);
        CoverLogo clientLogo = logos.client(viewer, clientId).map(l -> CoverLogo.of(l, CLIENT_LOGO_MM_W, CLIENT_LOGO_MM_H)).orElse(null);
        return render(report, paper, mspLogo, clientLogo);
    }

    private byte[] render(MonthlyReport report, Paper paper, CoverLogo mspLogo, CoverLogo clientLogo) {
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
        ctx.setVariable("mspLogo", mspLogo);
        ctx.setVariable("clientLogo", clientLogo);
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
            // Everything the report shows is in the document (charts and logos as data: URIs); nothing is fetched.
            builder.useExternalResourceAccessControl((uri, type) -> uri != null && uri.startsWith("data:"),
                    ExternalResourceControlPriority.RUN_BEFORE_RESOLVING_URI);
            builder.useExternalResourceAccessControl((uri, type) -> uri != null && uri.startsWith("data:"),
                    ExternalResourceControlPriority.RUN_AFTER_RESOLVING_URI);
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
