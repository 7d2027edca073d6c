package io.steward.server.reporting.internal;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import javax.imageio.ImageIO;

import io.steward.server.reporting.MonthlyReport;

/**
 * The report's charts, drawn server-side from the report itself: as inline SVG for the web page and as PNG (Java2D)
 * for the PDF, from one chart model so both show the same bars.
 */
public final class ReportCharts {
    private static final String[] COLORS = {"#c0392b", "#e67e22", "#2980b9", "#7f8c8d", "#27ae60", "#8e44ad"};
    private static final int W = 640;
    private static final int H = 260;
    private static final int LEFT = 56;
    private static final int RIGHT = 16;
    private static final int TOP = 28;
    private static final int BOTTOM = 48;

    private ReportCharts() {
    }

    /** Bars per category; several series stack. */
    public record Chart(String title, List<String> categories, List<Series> series) {
        double max() {
            double max = 0;
            for (int i = 0; i < categories.size(); i++) {
                double sum = 0;
                for (Series s : series) {
                    sum += s.values().get(i);
                }
                max = Math.max(max, sum);
            }
            return max <= 0 ? 1 : niceCeiling(max);
        }
    }

    public record Series(String name, List<Double> values) {
    }

    /** Tickets opened per month, stacked by priority. */
    public static Chart volumes(MonthlyReport report) {
        List<Series> series = new ArrayList<>();
        for (MonthlyReport.Series s : report.volumes().byPriority()) {
            series.add(new Series(s.label(), s.counts().stream().map(Long::doubleValue).toList()));
        }
        return new Chart("Tickets opened per month by priority", report.volumes().months(), series);
    }

    /** Downtime minutes per site in the month. */
    public static Chart downtimeBySite(MonthlyReport report) {
        List<String> sites = report.availability().sites().stream().map(MonthlyReport.SiteFigures::site).toList();
        List<Double> minutes = report.availability().sites().stream().map(s -> (double) s.downtimeMinutes()).toList();
        return new Chart("Downtime minutes per site", sites, List.of(new Series("Downtime", minutes)));
    }

    static double niceCeiling(double v) {
        double p = Math.pow(10, Math.floor(Math.log10(v)));
        for (double m : new double[] {1, 2, 2.5, 5, 10}) {
            if (m * p >= v) {
                return m * p;
            }
        }
        return 10 * p;
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.1f", v);
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static String label(String s) {
        return s.length() > 14 ? s.substring(0, 13) + "…" : s;
    }

    public static String svg(Chart chart) {
        StringBuilder sb = new StringBuilder();
        sb.append("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ").append(W).append(' ').append(H)
                .append("\" role=\"img\" aria-label=\"").append(esc(chart.title())).append("\" class=\"report-chart\">");
        sb.append("<text x=\"").append(LEFT).append("\" y=\"18\" font-size=\"13\" font-weight=\"bold\">").append(esc(chart.title())).append("</text>");
        double max = chart.max();
        int plotH = H - TOP - BOTTOM;
        int plotW = W - LEFT - RIGHT;
        for (int i = 0; i <= 4; i++) {
            double v = max * i / 4;
            int y = TOP + plotH - (int) Math.round(plotH * v / max);
            sb.append("<line x1=\"").append(LEFT).append("\" x2=\"").append(W - RIGHT).append("\" y1=\"").append(y).append("\" y2=\"").append(y)
                    .append("\" stroke=\"#ddd\"/>");
            sb.append("<text x=\"").append(LEFT - 6).append("\" y=\"").append(y + 4).append("\" font-size=\"11\" text-anchor=\"end\">")
                    .append(fmt(v)).append("</text>");
        }
        int n = Math.max(1, chart.categories().size());
        double slot = (double) plotW / n;
        double bar = Math.min(48, slot * 0.6);
        for (int c = 0; c < chart.categories().size(); c++) {
            double x = LEFT + slot * c + (slot - bar) / 2;
            double base = TOP + plotH;
            for (int s = 0; s < chart.series().size(); s++) {
                double v = chart.series().get(s).values().get(c);
                double h = plotH * v / max;
                if (h > 0) {
                    sb.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"><title>%s %s: %s</title></rect>",
                            x, base - h, bar, h, COLORS[s % COLORS.length], esc(chart.series().get(s).name()), esc(chart.categories().get(c)), fmt(v)));
                }
                base -= h;
            }
            sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\">%s</text>", x + bar / 2,
                    TOP + plotH + 16, esc(label(chart.categories().get(c)))));
        }
        if (chart.series().size() > 1) {
            int x = LEFT;
            for (int s = 0; s < chart.series().size(); s++) {
                sb.append("<rect x=\"").append(x).append("\" y=\"").append(H - 16).append("\" width=\"10\" height=\"10\" fill=\"")
                        .append(COLORS[s % COLORS.length]).append("\"/>");
                sb.append("<text x=\"").append(x + 14).append("\" y=\"").append(H - 7).append("\" font-size=\"11\">")
                        .append(esc(chart.series().get(s).name())).append("</text>");
                x += 70;
            }
        }
        return sb.append("</svg>").toString();
    }

    /** The chart as a PNG at twice the SVG's size, for print. */
    public static byte[] png(Chart chart) {
        int scale = 2;
        BufferedImage img = new BufferedImage(W * scale, H * scale, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.scale(scale, scale);
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, W, H);
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
            g.drawString(chart.title(), LEFT, 18);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
            double max = chart.max();
            int plotH = H - TOP - BOTTOM;
            int plotW = W - LEFT - RIGHT;
            for (int i = 0; i <= 4; i++) {
                double v = max * i / 4;
                int y = TOP + plotH - (int) Math.round(plotH * v / max);
                g.setColor(new Color(0xdd, 0xdd, 0xdd));
                g.setStroke(new BasicStroke(1));
                g.drawLine(LEFT, y, W - RIGHT, y);
                g.setColor(Color.BLACK);
                String t = fmt(v);
                g.drawString(t, LEFT - 6 - g.getFontMetrics().stringWidth(t), y + 4);
            }
            int n = Math.max(1, chart.categories().size());
            double slot = (double) plotW / n;
            double bar = Math.min(48, slot * 0.6);
            for (int c = 0; c < chart.categories().size(); c++) {
                double x = LEFT + slot * c + (slot - bar) / 2;
                double base = TOP + plotH;
                for (int s = 0; s < chart.series().size(); s++) {
                    double h = plotH * chart.series().get(s).values().get(c) / max;
                    if (h > 0) {
                        g.setColor(Color.decode(COLORS[s % COLORS.length]));
                        g.fill(new java.awt.geom.Rectangle2D.Double(x, base - h, bar, h));
                    }
                    base -= h;
                }
                g.setColor(Color.BLACK);
                String t = label(chart.categories().get(c));
                g.drawString(t, (float) (x + bar / 2 - g.getFontMetrics().stringWidth(t) / 2.0), TOP + plotH + 16);
            }
            if (chart.series().size() > 1) {
                int x = LEFT;
                for (int s = 0; s < chart.series().size(); s++) {
                    g.setColor(Color.decode(COLORS[s % COLORS.length]));
                    g.fillRect(x, H - 16, 10, 10);
                    g.setColor(Color.BLACK);
                    g.drawString(chart.series().get(s).name(), x + 14, H - 7);
                    x += 70;
                }
            }
        } finally {
            g.dispose();
        }
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(img, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException("PNG encoding failed", e);
        }
    }
}
