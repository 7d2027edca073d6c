package io.steward.server.web;

import java.net.http.HttpResponse;
import java.util.Map;

import io.steward.server.support.DemoLogins;
import io.steward.server.support.Http;
import io.steward.server.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import static io.steward.server.support.Text.match;
import static org.assertj.core.api.Assertions.assertThat;

/** People's side: every page renders, forms show messages beside the field and keep what was typed. */
class PagesTest extends IntegrationTest {

    @Test
    void everyNavigationSectionRendersForStaff() {
        Http manager = signedIn(DemoLogins.MANAGER);
        for (String path : new String[] {"/", "/clients", "/servicedesk", "/devices", "/alerts", "/reports", "/account", "/account/mfa",
                "/account/password"}) {
            HttpResponse<String> r = manager.get(path);
            assertThat(r.statusCode()).as(path).isEqualTo(200);
            assertThat(r.body()).as(path).contains("Riley Manager");
        }
        assertThat(manager.get("/reports").body()).contains("Monthly service reports", "All months and stored reports");
        assertThat(manager.get("/alerts").body()).contains("Policies");
        assertThat(manager.get("/devices").body()).contains("Enroll devices");
        assertThat(manager.get("/servicedesk").body()).contains("New ticket");
        for (String path : new String[] {"/admin/users", "/admin/users/new", "/admin/audit"}) {
            assertThat(admin().get(path).statusCode()).as(path).isEqualTo(200);
        }
    }

    @Test
    void theClientFormShowsErrorsAndKeepsInput() {
        Http manager = signedIn(DemoLogins.MANAGER);
        manager.page("/clients/new");
        HttpResponse<String> r = manager.postForm("/clients", Map.of("name", "Kept Name Ltd", "timeZone", "Atlantis/Capital", "status", "ACTIVE",
                "notes", "remember me"));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("id=\"timeZone-error\"", "Enter an IANA time zone", "value=\"Kept Name Ltd\"", "remember me");
        HttpResponse<String> blank = manager.postForm("/clients", Map.of("name", "", "timeZone", "UTC", "status", "ACTIVE"));
        assertThat(blank.statusCode()).isEqualTo(200);
        assertThat(blank.body()).contains("id=\"name-error\"");
        HttpResponse<String> bogus = manager.postForm("/clients", Map.of("name", "Bogus Status", "timeZone", "UTC", "status", "BOGUS"));
        assertThat(bogus.statusCode()).isEqualTo(200);
        assertThat(bogus.body()).contains("This value is not valid.", "value=\"Bogus Status\"");
    }

    @Test
    void clientsSitesAndContactsCanBeManagedThroughPages() {
        Http manager = signedIn(DemoLogins.MANAGER);
        manager.page("/clients/new");
        String name = "Page Client " + System.nanoTime();
        HttpResponse<String> created = manager.postForm("/clients", Map.of("name", name, "timeZone", "Europe/Vienna", "status", "ACTIVE", "notes", ""));
        assertThat(created.statusCode()).isEqualTo(302);
        String clientPath = created.headers().firstValue("Location").orElseThrow().replaceFirst("^https?://[^/]+", "");
        assertThat(manager.page(clientPath)).contains(name, "Europe/Vienna", "created");

        manager.page(clientPath + "/sites/new");
        assertThat(manager.postForm(clientPath + "/sites", Map.of("name", "Vienna HQ", "city", "Vienna", "timeZone", "")).statusCode()).isEqualTo(302);
        manager.page(clientPath + "/contacts/new");
        HttpResponse<String> badContact = manager.postForm(clientPath + "/contacts", Map.of("firstName", "Eva", "lastName", "", "email", "not-an-email"));
        assertThat(badContact.statusCode()).isEqualTo(200);
        assertThat(badContact.body()).contains("id=\"lastName-error\"", "id=\"email-error\"", "value=\"Eva\"");
        assertThat(manager.postForm(clientPath + "/contacts", Map.of("firstName", "Eva", "lastName", "Berger", "email", "eva@example.at",
                "primary", "true")).statusCode()).isEqualTo(302);
        String detail = manager.page(clientPath);
        assertThat(detail).contains("Vienna HQ", "Eva Berger", "primary");

        // A stale edit is refused with a message and the typed values stay on the form.
        String edit = manager.page(clientPath + "/edit");
        String version = match(edit, "name=\"version\" value=\"(\\d+)\"");
        assertThat(manager.postForm(clientPath + "/edit", Map.of("version", version, "name", name + " A", "timeZone", "Europe/Vienna",
                "status", "ACTIVE", "notes", "")).statusCode()).isEqualTo(302);
        HttpResponse<String> stale = manager.postForm(clientPath + "/edit", Map.of("version", version, "name", name + " B", "timeZone",
                "Europe/Vienna", "status", "INACTIVE", "notes", "mine"));
        assertThat(stale.statusCode()).isEqualTo(200);
        assertThat(stale.body()).contains("changed by someone else", name + " B", "mine");
    }

    @Test
    void adminCreatesAPortalUserThroughThePages() {
        Http admin = admin();
        String form = admin.page("/admin/users/new");
        String northwind = match(form, "<option value=\"([0-9a-f-]{36})\">Northwind Dental</option>");
        HttpResponse<String> missingClient = admin.postForm("/admin/users", Map.of("displayName", "No Client", "email",
                "noclient" + System.nanoTime() + "@example.com", "role", "CLIENT_USER"));
        assertThat(missingClient.body()).contains("id=\"clientId-error\"");
        String email = "portal" + System.nanoTime() + "@northwind-dental.example";
        HttpResponse<String> created = admin.postForm("/admin/users", Map.of("displayName", "Portal Person", "email", email,
                "role", "CLIENT_USER", "clientId", northwind));
        assertThat(created.statusCode()).isEqualTo(200);
        String password = match(created.body(), "id=\"one-time-password\">([^<]+)<");
        Http portal = http();
        assertThat(portal.login(email, password).headers().firstValue("Location").orElseThrow()).endsWith("/account/password");
        portal.page("/account/password");
        String mine = "a portal passphrase of mine";
        HttpResponse<String> changed = portal.postForm("/account/password",
                Map.of("currentPassword", password, "newPassword", mine, "confirmPassword", mine));
        assertThat(changed.headers().firstValue("Location").orElseThrow()).endsWith("/portal");
        assertThat(portal.page("/portal")).contains("Northwind Dental", "Your password was changed.");
        assertThat(admin.page("/admin/users?q=" + email)).contains("Portal Person", "Northwind Dental");
    }

    @Test
    void portalUsersGetThePortalNotTheStaffPages() {
        Http portal = signedIn(DemoLogins.PORTAL_ALPINE);
        assertThat(portal.page("/portal")).contains("Alpine Logistics GmbH", "Head office", "Jonas");
        assertThat(portal.get("/").statusCode()).isEqualTo(404);
        assertThat(portal.get("/clients").statusCode()).isEqualTo(404);
        assertThat(portal.get("/admin/users").statusCode()).isEqualTo(404);
        assertThat(signedIn(DemoLogins.TIER1).get("/portal").statusCode()).isEqualTo(403);
    }

    @Test
    void htmxRequestsGetJustTheRows() {
        Http tech = signedIn(DemoLogins.TIER1);
        HttpResponse<String> r = tech.send(tech.builder("/clients?q=Alpine").header("HX-Request", "true").GET());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("Alpine Logistics GmbH").doesNotContain("<html").doesNotContain("Northwind");
    }

    @Test
    void unknownPagesAreFriendly() {
        HttpResponse<String> r = signedIn(DemoLogins.TIER1).get("/clients/00000000-0000-0000-0000-000000000000");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.body()).contains("404", "Back to Steward").doesNotContain("Exception");
    }
}
