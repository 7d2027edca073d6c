package io.steward.server.e2e;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.steward.server.support.IntegrationTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static io.steward.server.support.Text.jsonString;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The monthly report's PDF as a reader's tools see it: Debian's poppler (pdftoppm, pdftotext)
 * renders every page to PNG and finds the report's key figures in the text. Runs with the browser
 * tests, which install their Debian packages; PNGs land in target/e2e-screenshots/report-*.png.
 */
@Tag("e2e")
class ReportPdfPagesTest extends IntegrationTest {

    @Test
    void everyPageRendersAndTheKeyFiguresAreInTheText() throws Exception {
        String clientJson = adminApi().getJson("/api/v1/clients?q=Alpine").body();
        String clientId = jsonString(clientJson, "id");
        String zone = jsonString(clientJson, "timeZone");
        // The demo client was made when the test server started, so this month (in its zone) is the only one it has.
        YearMonth current = YearMonth.now(ZoneId.of(zone));
        String month = current.toString();
        String path = "/api/v1/clients/" + clientId + "/reports/" + month;
        HttpResponse<String> json = adminApi().getJson(path);
        assertThat(json.statusCode()).isEqualTo(200);
        String clientName = jsonString(json.body(), "clientName");

        HttpResponse<byte[]> pdf = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Bearer " + demo().adminApiToken()).header("Accept", "application/pdf").build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(pdf.statusCode()).isEqualTo(200);
        Path dir = Files.createDirectories(BrowserJourneyTest.SHOTS);
        Path file = dir.resolve("report-" + month + ".pdf");
        Files.write(file, pdf.body());

        String info = run("pdfinfo", file.toString());
        int pages = Integer.parseInt(info.lines().filter(l -> l.startsWith("Pages:")).findFirst().orElseThrow().replaceAll("\\D", ""));
        assertThat(pages).isGreaterThanOrEqualTo(4);
        assertThat(info).containsPattern("Page size:\\s+595\\.\\d+ x 841\\.\\d+ pts");

        run("pdftoppm", "-png", "-r", "40", file.toString(), dir.resolve("report").toString());
        List<Path> images;
        try (Stream<Path> listed = Files.list(dir)) {
            images = listed.filter(p -> p.getFileName().toString().matches("report-\\d+\\.png")).toList();
        }
        assertThat(images).hasSize(pages);
        for (Path png : images) {
            assertThat(Files.size(png)).as(png.toString()).isGreaterThan(1_000);
        }

        String text = run("pdftotext", "-layout", file.toString(), "-").replaceAll("\\s+", " ");
        assertThat(text).contains(clientName, current.format(DateTimeFormatter.ofPattern("MMMM yyyy", Locale.ENGLISH)), "Contents", "1. Summary", "9. Business impact", "Page 2 of " + pages);
        // The cover comes first and has no page footer; a blank first page (as a named cover page once made) fails here.
        assertThat(run("pdftotext", "-f", "1", "-l", "1", file.toString(), "-")).contains("Monthly service report", clientName)
                .doesNotContain("Page 1 of");
    }

    private static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as(String.join(" ", command) + " finished").isTrue();
        assertThat(p.exitValue()).as(String.join(" ", command) + ": " + out).isZero();
        return out;
    }
}
