package io.steward.server.web;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.Flow;

import io.steward.server.support.DemoLogins;
import io.steward.server.support.Http;
import io.steward.server.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import static io.steward.server.support.Text.jsonString;
import static org.assertj.core.api.Assertions.assertThat;

/** The API's contract: problem+json errors, paging, allow-listed sorting, optimistic concurrency, limits. */
class ApiBehaviourTest extends IntegrationTest {

    private HttpResponse<String> createClient(String name) {
        return adminApi().json("POST", "/api/v1/clients", "{\"name\":\"" + name + "\",\"timeZone\":\"Europe/Berlin\",\"status\":\"ACTIVE\"}");
    }

    @Test
    void invalidInputGets400WithFieldErrorsAndNothingIsSaved() {
        HttpResponse<String> r = adminApi().json("POST", "/api/v1/clients", "{\"name\":\"\",\"timeZone\":\"Nowhere/Land\"}");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
        assertThat(r.body()).contains("\"status\":400", "\"errors\"", "\"field\":\"name\"", "\"field\":\"status\"", "\"requestId\"");
        HttpResponse<String> zone = adminApi().json("POST", "/api/v1/clients", "{\"name\":\"Zone Test\",\"timeZone\":\"Nowhere/Land\",\"status\":\"ACTIVE\"}");
        assertThat(zone.statusCode()).isEqualTo(400);
        assertThat(zone.body()).contains("\"field\":\"timeZone\"");
        assertThat(adminApi().getJson("/api/v1/clients?q=Zone%20Test").body()).contains("\"total\":0");
    }

    @Test
    void malformedJsonAndWrongTypesAre400NotServerErrors() {
        assertThat(adminApi().json("POST", "/api/v1/clients", "{\"name\":").statusCode()).isEqualTo(400);
        assertThat(adminApi().json("POST", "/api/v1/clients", "[1,2,3]").statusCode()).isEqualTo(400);
        assertThat(adminApi().json("POST", "/api/v1/clients", "{\"name\":\"T\",\"timeZone\":\"UTC\",\"status\":\"EXPLODED\"}").statusCode()).isEqualTo(400);
        assertThat(adminApi().getJson("/api/v1/clients?page=abc").statusCode()).isEqualTo(400);
        assertThat(adminApi().getJson("/api/v1/clients?status=NOPE").statusCode()).isEqualTo(400);
        HttpResponse<String> wrongType = adminApi().send(adminApi().builder("/api/v1/clients")
                .POST(HttpRequest.BodyPublishers.ofString("name=x")).header("Content-Type", "text/plain"));
        assertThat(wrongType.statusCode()).isEqualTo(415);
    }

    @Test
    void unknownAndMalformedIdsAre404() {
        assertThat(adminApi().getJson("/api/v1/clients/00000000-0000-0000-0000-000000000000").statusCode()).isEqualTo(404);
        HttpResponse<String> r = adminApi().getJson("/api/v1/clients/not-a-uuid");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.body()).contains("\"status\":404");
        assertThat(adminApi().getJson("/api/v1/sites/%27%20OR%201=1--").statusCode()).isEqualTo(404);
    }

    @Test
    void duplicatesAre409() {
        String name = "Dup " + System.nanoTime();
        assertThat(createClient(name).statusCode()).isEqualTo(201);
        HttpResponse<String> again = createClient(name.toUpperCase());
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.body()).contains("\"field\":\"name\"");
    }

    @Test
    void updatesNeedTheCurrentVersion() {
        HttpResponse<String> created = createClient("Versioned " + System.nanoTime());
        String id = jsonString(created.body(), "id");
        String etag = created.headers().firstValue("ETag").orElseThrow();
        String body = "{\"name\":\"Versioned renamed " + System.nanoTime() + "\",\"timeZone\":\"UTC\",\"status\":\"ACTIVE\"}";

        assertThat(adminApi().json("PUT", "/api/v1/clients/" + id, body).statusCode()).isEqualTo(428);
        HttpResponse<String> first = adminApi().json("PUT", "/api/v1/clients/" + id, body, Map.of("If-Match", etag));
        assertThat(first.statusCode()).isEqualTo(200);
        HttpResponse<String> stale = adminApi().json("PUT", "/api/v1/clients/" + id, body.replace("renamed", "again"), Map.of("If-Match", etag));
        assertThat(stale.statusCode()).isEqualTo(412);
        assertThat(stale.body()).contains("\"currentVersion\":1");
        assertThat(adminApi().getJson("/api/v1/clients/" + id).body()).contains("renamed");
    }

    @Test
    void pagingAndSortingFollowTheAllowList() {
        HttpResponse<String> page = adminApi().getJson("/api/v1/clients?page=0&size=2&sort=name,desc");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("\"page\":0", "\"size\":2", "\"total\":");
        assertThat(adminApi().getJson("/api/v1/clients?sort=password_hash").statusCode()).isEqualTo(400);
        assertThat(adminApi().getJson("/api/v1/clients?sort=name;DROP%20TABLE%20client").statusCode()).isEqualTo(400);
        assertThat(adminApi().getJson("/api/v1/clients?size=100000").statusCode()).isEqualTo(400);
        assertThat(adminApi().getJson("/api/v1/clients?page=-1").statusCode()).isEqualTo(400);
    }

    @Test
    void oversizedBodiesAre413WhetherDeclaredOrStreamed() {
        String big = "{\"name\":\"" + "x".repeat(2_000_000) + "\",\"timeZone\":\"UTC\",\"status\":\"ACTIVE\"}";
        HttpResponse<String> declared = adminApi().json("POST", "/api/v1/clients", big);
        assertThat(declared.statusCode()).isEqualTo(413);
        assertThat(declared.body()).contains("\"status\":413");

        byte[] bytes = big.getBytes();
        HttpRequest.BodyPublisher chunked = new HttpRequest.BodyPublisher() {
            final HttpRequest.BodyPublisher inner = HttpRequest.BodyPublishers.ofByteArray(bytes);

            @Override
            public long contentLength() {
                return -1;
            }

            @Override
            public void subscribe(Flow.Subscriber<? super java.nio.ByteBuffer> subscriber) {
                inner.subscribe(subscriber);
            }
        };
        HttpResponse<String> streamed = adminApi().send(adminApi().builder("/api/v1/clients").POST(chunked)
                .header("Content-Type", "application/json").header("Accept", "application/json"));
        assertThat(streamed.statusCode()).isEqualTo(413);
    }

    @Test
    void pathVariantsDoNotSlipPastAccessControl() {
        Http portal = signedIn(DemoLogins.PORTAL_NORTHWIND);
        for (String path : new String[] {"/api/v1/users", "//api/v1/users", "/api/v1//users", "/api/v1/./users", "/api/v1/x/../users",
                "/api/v1/users/", "/API/v1/users", "/api/v1/users;jsessionid=1", "/api/v1/%75sers", "/api/v1/users%2F",
                "/admin/users", "/admin//users", "/admin/./users", "/ADMIN/users", "/admin/users;x=y", "/actuator/prometheus"}) {
            HttpResponse<String> r = portal.getJson(path);
            assertThat(r.statusCode()).as(path + " -> " + r.body()).isIn(400, 401, 403, 404);
            assertThat(r.body()).as(path).doesNotContain(DemoLogins.ADMIN);
        }
    }

    @Test
    void theOpenApiDocumentListsTheApi() {
        HttpResponse<String> r = http().getJson("/api/docs.json");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("/api/v1/clients", "/api/v1/clients/{clientId}/sites", "/api/v1/users", "/api/v1/me/tokens",
                "/api/v1/audit", "/api/v1/audit/verify");
        assertThat(http().get("/api/docs").statusCode()).isIn(200, 302);
    }

    @Test
    void errorsCarryTheRequestIdOfTheResponse() {
        HttpResponse<String> r = adminApi().getJson("/api/v1/clients/00000000-0000-0000-0000-000000000000");
        String id = r.headers().firstValue("X-Request-Id").orElseThrow();
        assertThat(r.body()).contains("\"requestId\":\"" + id + "\"");
        HttpResponse<String> own = adminApi().send(adminApi().builder("/api/v1/clients/00000000-0000-0000-0000-000000000000")
                .header("X-Request-Id", "trace-abc-12345").GET());
        assertThat(own.body()).contains("trace-abc-12345");
        HttpResponse<String> hostile = adminApi().send(adminApi().builder("/api/v1/me").header("X-Request-Id", "<script>x</script>").GET());
        assertThat(hostile.headers().firstValue("X-Request-Id").orElseThrow()).doesNotContain("<");
    }

    @Test
    void clientUsersCannotWrite() {
        Http portal = signedIn(DemoLogins.PORTAL_NORTHWIND);
        String own = jsonString(portal.getJson("/api/v1/clients").body(), "id");
        HttpResponse<String> r = portal.json("POST", "/api/v1/clients/" + own + "/sites", "{\"name\":\"Portal site\"}");
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(portal.getJson("/api/v1/clients/" + own + "/sites").body()).doesNotContain("Portal site");
    }
}
