package io.steward.server.tenancy;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;

import io.steward.server.support.DemoLogins;
import io.steward.server.support.Http;
import io.steward.server.support.IntegrationTest;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;

import static io.steward.server.support.Text.jsonString;
import static io.steward.server.tenancy.LogoImageCheckTest.image;
import static org.assertj.core.api.Assertions.assertThat;

/** The MSP's and clients' logos through the real server: upload, serve, refuse, permissions, the report's cover and headers. */
class LogoTest extends IntegrationTest {
    private static final String MSP_LOGO = "/api/v1/msp/logo";

    private String newClient() {
        return jsonString(adminApi().json("POST", "/api/v1/clients", "{\"name\":\"Logo Co " + UUID.randomUUID()
                + "\",\"timeZone\":\"UTC\",\"status\":\"ACTIVE\"}").body(), "id");
    }

    private String clientId(String q) {
        return jsonString(adminApi().getJson("/api/v1/clients?q=" + q).body(), "id");
    }

    private static HttpResponse<byte[]> getBytes(Http who, String path, String... headers) {
        HttpRequest.Builder b = who.builder(path).GET().header("Accept", "image/png,image/jpeg,*/*;q=0.5");
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return who.sendBytes(b);
    }

    /** The image a caller gets: 200 and exactly these bytes (compared without printing kilobytes of numbers). */
    private static void assertImage(HttpResponse<byte[]> r, byte[] expected) {
        assertThat(r.statusCode()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        assertThat(Arrays.equals(r.body(), expected)).as("the stored image, byte for byte").isTrue();
    }

    /** PUT of the raw image with its (claimed) content type. */
    private static HttpResponse<String> putRaw(Http who, String path, String type, byte[] body) {
        HttpRequest.Builder b = who.builder(path).PUT(HttpRequest.BodyPublishers.ofByteArray(body)).header("Content-Type", type)
                .header("Accept", "application/json");
        if (who.csrf() != null) {
            b.header("X-CSRF-TOKEN", who.csrf());
        }
        return who.send(b);
    }

    /** PUT as multipart/form-data with the field {@code file}. */
    private static HttpResponse<String> putMultipart(Http who, String path, String fileName, byte[] content) {
        String boundary = "logo" + System.nanoTime();
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
                + "\"\r\nContent-Type: image/png\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] body = Arrays.copyOf(head, head.length + content.length + tail.length);
        System.arraycopy(content, 0, body, head.length, content.length);
        System.arraycopy(tail, 0, body, head.length + content.length, tail.length);
        HttpRequest.Builder b = who.builder(path).PUT(HttpRequest.BodyPublishers.ofByteArray(body))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary).header("Accept", "application/json");
        return who.send(b);
    }

    private static void assertServedAsImage(HttpResponse<byte[]> r, byte[] expected, String type, String fileName) {
        assertImage(r, expected);
        assertThat(r.headers().firstValue("Content-Type")).hasValue(type);
        assertThat(r.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(r.headers().firstValue("Content-Disposition").orElse("")).startsWith("inline").contains("filename=\"" + fileName + "\"");
        assertThat(r.headers().allValues("Content-Security-Policy")).containsExactly("default-src 'none'; sandbox");
    }

    @Test
    void theMspLogoRoundTripsByApiForAdminsAndIsReadableByEveryoneSignedIn() {
        Http api = adminApi();
        try {
            byte[] png = image("png", 200, 60);
            HttpResponse<String> put = putRaw(api, MSP_LOGO, "image/png", png);
            assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
            assertThat(put.body()).contains("\"contentType\":\"image/png\"", "\"width\":200", "\"height\":60");
            HttpResponse<byte[]> got = getBytes(api, MSP_LOGO);
            assertServedAsImage(got, png, "image/png", "msp-logo.png");
            String etag = got.headers().firstValue("ETag").orElseThrow();
            assertThat(getBytes(api, MSP_LOGO, "If-None-Match", etag).statusCode()).isEqualTo(304);

            // The type comes from the bytes: a JPEG sent as octet-stream or as multipart "logo.png" is served as JPEG.
            byte[] jpeg = image("jpg", 160, 90);
            assertThat(putMultipart(api, MSP_LOGO, "logo.png", jpeg).statusCode()).isEqualTo(200);
            assertServedAsImage(getBytes(api, MSP_LOGO), jpeg, "image/jpeg", "msp-logo.jpg");

            Http portal = signedIn(DemoLogins.PORTAL_NORTHWIND);
            assertImage(getBytes(portal, MSP_LOGO), jpeg);
            Http tech = signedIn(DemoLogins.TIER1);
            assertThat(getBytes(tech, MSP_LOGO).statusCode()).isEqualTo(200);
            // Only MSP admins change it.
            for (Http who : new Http[] {portal, tech, signedIn(DemoLogins.MANAGER)}) {
                who.page(who == portal ? "/portal" : "/");
                assertThat(putRaw(who, MSP_LOGO, "image/png", png).statusCode()).isIn(403, 404);
                assertThat(who.json("DELETE", MSP_LOGO, null).statusCode()).isIn(403, 404);
            }
            assertImage(getBytes(api, MSP_LOGO), jpeg);

            assertThat(api.json("DELETE", MSP_LOGO, null).statusCode()).isEqualTo(204);
            HttpResponse<String> gone = api.getJson(MSP_LOGO);
            assertThat(gone.statusCode()).isEqualTo(404);
            assertThat(gone.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        } finally {
            api.json("DELETE", MSP_LOGO, null);
        }
    }

    @Test
    void aClientLogoRoundTripsForEditorsAndIsReadByTheClientsPortalUsersOnly() {
        Http api = adminApi();
        String northwind = clientId("Northwind");
        String alpine = clientId("Alpine");
        String path = "/api/v1/clients/" + northwind + "/logo";
        try {
            byte[] png = image("png", 320, 120);
            assertThat(api.getJson(path).statusCode()).isEqualTo(404);
            assertThat(putRaw(api, path, "application/octet-stream", png).statusCode()).isEqualTo(200);
            assertServedAsImage(getBytes(api, path), png, "image/png", "client-logo.png");

            // A service manager may edit clients, so may set their logos; a technician may not.
            Http manager = signedIn(DemoLogins.MANAGER);
            manager.page("/");
            byte[] jpeg = image("jpg", 100, 100);
            assertThat(putRaw(manager, path, "image/jpeg", jpeg).statusCode()).isEqualTo(200);
            Http tech = signedIn(DemoLogins.TIER1);
            tech.page("/");
            HttpResponse<String> refused = putRaw(tech, path, "image/png", png);
            assertThat(refused.statusCode()).isEqualTo(403);
            assertThat(tech.json("DELETE", path, null).statusCode()).isEqualTo(403);
            assertImage(getBytes(tech, path), jpeg);

            // The client's portal user reads it but cannot change it, and sees no other client's logo.
            Http portal = signedIn(DemoLogins.PORTAL_NORTHWIND);
            portal.page("/portal");
            assertImage(getBytes(portal, path), jpeg);
            assertThat(putRaw(portal, path, "image/png", png).statusCode()).isEqualTo(403);
            assertThat(portal.json("DELETE", path, null).statusCode()).isEqualTo(403);
            assertThat(putRaw(api, "/api/v1/clients/" + alpine + "/logo", "image/png", png).statusCode()).isEqualTo(200);
            assertThat(getBytes(portal, "/api/v1/clients/" + alpine + "/logo").statusCode()).isEqualTo(404);
            assertImage(getBytes(signedIn(DemoLogins.PORTAL_ALPINE), "/api/v1/clients/" + alpine + "/logo"), png);

            assertThat(api.json("DELETE", path, null).statusCode()).isEqualTo(204);
            assertThat(api.getJson(path).statusCode()).isEqualTo(404);
            assertThat(getBytes(portal, path).statusCode()).isEqualTo(404);
        } finally {
            api.json("DELETE", path, null);
            api.json("DELETE", "/api/v1/clients/" + alpine + "/logo", null);
        }
    }

    @Test
    void uploadsThatAreNotASmallPngOrJpegAreRefusedWithAReason() {
        Http api = adminApi();
        String path = "/api/v1/clients/" + newClient() + "/logo";
        String svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"><rect width=\"9\" height=\"9\"/></svg>";
        assertRefused(putRaw(api, path, "image/png", svg.getBytes(StandardCharsets.UTF_8)), 400, "Only PNG and JPEG");
        assertRefused(putMultipart(api, path, "logo.svg", svg.getBytes(StandardCharsets.UTF_8)), 400, "Only PNG and JPEG");
        assertRefused(putMultipart(api, path, "logo.png", "<html><script>alert(1)</script></html>".getBytes(StandardCharsets.UTF_8)), 400,
                "Only PNG and JPEG");
        assertRefused(putRaw(api, path, "image/png", image("gif", 10, 10)), 400, "Only PNG and JPEG");
        byte[] png = image("png", 64, 64);
        assertRefused(putRaw(api, path, "image/png", Arrays.copyOf(png, png.length - 20)), 400, "cut short");
        assertRefused(putRaw(api, path, "image/png", image("png", LogoImageCheck.MAX_SIDE + 1, 4)), 400, "pixels");
        byte[] oversized = Arrays.copyOf(png, LogoImageCheck.MAX_BYTES + 100);
        assertRefused(putRaw(api, path, "image/png", oversized), 413, "512 KiB");
        assertRefused(putMultipart(api, path, "logo.png", oversized), 413, "512 KiB");
        assertThat(putRaw(api, path, "image/png", new byte[2 * 1024 * 1024]).statusCode()).isEqualTo(413);
        assertRefused(putRaw(api, path, "text/html", "<html><body>hi</body></html>".getBytes(StandardCharsets.UTF_8)), 400, "Only PNG and JPEG");
        assertRefused(putMultipart(api, path, "empty.png", new byte[0]), 400, "Choose a PNG or JPEG");
        assertThat(api.getJson(path).statusCode()).as("nothing was stored").isEqualTo(404);
    }

    private static void assertRefused(HttpResponse<String> r, int status, String why) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(r.body()).contains(why).contains("\"field\":\"file\"");
    }

    @Test
    void logosAreUploadedPreviewedAndRemovedByPage() {
        Http admin = admin();
        String client = newClient();
        try {
            assertThat(admin.page("/admin/users")).contains("/admin/msp");
            assertThat(admin.page("/admin/msp")).contains("No logo yet", "logo-file", "data-preview");
            HttpResponse<String> up = admin.upload("/admin/msp/logo", "logo.png", image("png", 90, 30));
            assertThat(up.statusCode()).isEqualTo(302);
            assertThat(up.headers().firstValue("Location").orElse("")).endsWith("/admin/msp");
            String page = admin.page("/admin/msp");
            assertThat(page).contains("Logo saved.", "id=\"logo-facts\"", "image/png, 90 × 30 pixels", "/api/v1/msp/logo?v=", "logo-remove");

            admin.upload("/admin/msp/logo", "evil.png", "<html><script>alert(1)</script></html>".getBytes(StandardCharsets.UTF_8));
            assertThat(admin.page("/admin/msp")).contains("id=\"logo-error\"", "Only PNG and JPEG", "image/png, 90 × 30 pixels");
            admin.upload("/admin/msp/logo", "big.png", Arrays.copyOf(image("png", 8, 8), LogoImageCheck.MAX_BYTES + 1));
            assertThat(admin.page("/admin/msp")).contains("id=\"logo-error\"", "larger than 512 KiB");

            HttpResponse<String> removed = admin.postForm("/admin/msp/logo/delete", Map.of());
            assertThat(removed.statusCode()).isEqualTo(302);
            assertThat(admin.page("/admin/msp")).contains("No logo yet");
            assertThat(adminApi().getJson(MSP_LOGO).statusCode()).isEqualTo(404);

            assertThat(admin.page("/clients/" + client + "/edit")).contains("logo-editor", "No logo yet");
            assertThat(admin.upload("/clients/" + client + "/logo", "c.jpg", image("jpg", 50, 40)).statusCode()).isEqualTo(302);
            assertThat(admin.page("/clients/" + client + "/edit")).contains("image/jpeg, 50 × 40 pixels", "/api/v1/clients/" + client + "/logo?v=");
            assertThat(admin.postForm("/clients/" + client + "/logo/delete", Map.of()).statusCode()).isEqualTo(302);
            assertThat(admin.page("/clients/" + client + "/edit")).contains("No logo yet");

            // The edit page of a technician (who may not edit clients) has no logo editor, and the upload is refused.
            Http tech = signedIn(DemoLogins.TIER1);
            String northwind = clientId("Northwind");
            assertThat(tech.page("/clients/" + northwind + "/edit")).doesNotContain("logo-editor");
            tech.upload("/clients/" + northwind + "/logo", "c.png", image("png", 10, 10));
            assertThat(adminApi().getJson("/api/v1/clients/" + northwind + "/logo").statusCode()).isEqualTo(404);
            assertThat(signedIn(DemoLogins.PORTAL_NORTHWIND).get("/admin/msp").statusCode()).isEqualTo(404);
        } finally {
            adminApi().json("DELETE", MSP_LOGO, null);
        }
    }

    @Test
    void theReportCoverShowsBothLogosOnPageOneAndTheNamesAlwaysAndTheHeadersShowThem() throws Exception {
        Http api = adminApi();
        String client = newClient();
        String clientName = jsonString(api.getJson("/api/v1/clients/" + client).body(), "name");
        String month = YearMonth.now(ZoneOffset.UTC).toString();
        String report = "/api/v1/clients/" + client + "/reports/" + month;
        try {
            try (PDDocument doc = pdf(report)) {
                assertThat(imagesOnPage(doc.getPage(0))).as("no logos: no image on the cover").isZero();
                assertThat(coverText(doc)).contains("Monthly service report", clientName, "Prepared by");
            }
            assertThat(admin().page("/clients/" + client + "/reports/" + month)).doesNotContain("report-client-logo", "report-msp-logo");

            assertThat(putRaw(api, MSP_LOGO, "image/png", image("png", 400, 120)).statusCode()).isEqualTo(200);
            assertThat(putRaw(api, "/api/v1/clients/" + client + "/logo", "image/jpeg", image("jpg", 600, 600)).statusCode()).isEqualTo(200);
            try (PDDocument doc = pdf(report)) {
                // Kept for a person to look at after the run.
                doc.save(java.nio.file.Path.of("target/sample-report-with-logos.pdf").toFile());
                assertThat(imagesOnPage(doc.getPage(0))).as("both logos on the cover").isEqualTo(2);
                assertThat(coverText(doc)).contains("Monthly service report", clientName, "Prepared by");
                assertThat(doc.getNumberOfPages()).isGreaterThanOrEqualTo(4);
            }
            String page = admin().page("/clients/" + client + "/reports/" + month);
            assertThat(page).contains("id=\"report-client-logo\"", "/api/v1/clients/" + client + "/logo?v=", "id=\"report-msp-logo\"",
                    "/api/v1/msp/logo?v=");

            // The portal's report header shows its own client's logo and the MSP's.
            String northwind = clientId("Northwind");
            assertThat(putRaw(api, "/api/v1/clients/" + northwind + "/logo", "image/png", image("png", 80, 80)).statusCode()).isEqualTo(200);
            String portalMonth = YearMonth.now(ZoneOffset.UTC).toString();
            HttpResponse<String> portalPage = signedIn(DemoLogins.PORTAL_NORTHWIND).get("/portal/reports/" + portalMonth);
            assertThat(portalPage.statusCode()).isEqualTo(200);
            assertThat(portalPage.body()).contains("/api/v1/clients/" + northwind + "/logo?v=", "/api/v1/msp/logo?v=");
            api.json("DELETE", "/api/v1/clients/" + northwind + "/logo", null);

            // Only the client's logo: one image, the MSP's name still there.
            api.json("DELETE", MSP_LOGO, null);
            try (PDDocument doc = pdf(report)) {
                assertThat(imagesOnPage(doc.getPage(0))).isEqualTo(1);
                assertThat(coverText(doc)).contains(clientName, "Prepared by");
            }
        } finally {
            api.json("DELETE", MSP_LOGO, null);
        }
    }

    private PDDocument pdf(String path) throws Exception {
        HttpResponse<byte[]> r = getBytes(adminApi(), path, "Accept", "application/pdf");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/pdf");
        return Loader.loadPDF(r.body());
    }

    private static int imagesOnPage(PDPage page) throws Exception {
        int images = 0;
        for (COSName n : page.getResources().getXObjectNames()) {
            images += page.getResources().isImageXObject(n) ? 1 : 0;
        }
        return images;
    }

    private static String coverText(PDDocument doc) throws Exception {
        PDFTextStripper stripper = new PDFTextStripper();
        stripper.setStartPage(1);
        stripper.setEndPage(1);
        return stripper.getText(doc).replaceAll("\\s+", " ");
    }
}
