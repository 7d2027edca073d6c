package io.steward.server.audit;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.steward.server.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DelegatingDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The audit log records security actions, cannot be changed by the application, and detects tampering. */
class AuditLogTest extends IntegrationTest {

    @Autowired
    DataSource dataSource;

    @Test
    void securityActionsAreRecordedWithWhoWhatAndWhere() {
        String name = "Audited " + System.nanoTime();
        adminApi().json("POST", "/api/v1/clients", "{\"name\":\"" + name + "\",\"timeZone\":\"UTC\",\"status\":\"ACTIVE\"}");
        http().login("ghost@nowhere.example", "nope");
        HttpResponse<String> search = adminApi().getJson("/api/v1/audit?q=" + name.replace(" ", "%20"));
        assertThat(search.body()).contains("\"action\":\"client.created\"", "\"actor\":\"admin@demo.steward.test\"", "\"remoteAddr\":\"127.0.0.1\"");
        HttpResponse<String> failed = adminApi().getJson("/api/v1/audit?action=login.failed&q=ghost");
        assertThat(failed.body()).contains("ghost@nowhere.example", "unknown account");
        HttpResponse<String> export = adminApi().getJson("/api/v1/audit/export?action=client.created");
        assertThat(export.statusCode()).isEqualTo(200);
        assertThat(export.body()).contains(name, "\"hash\"", "\"prevHash\"");
    }

    @Test
    void theApplicationRoleCannotChangeOrRemoveEntries() {
        JdbcClient jdbc = JdbcClient.create(dataSource);
        assertThatThrownBy(() -> jdbc.sql("UPDATE audit_log SET actor = 'someone else'").update())
                .isInstanceOf(DataAccessException.class).rootCause().hasMessageContaining("permission denied");
        assertThatThrownBy(() -> jdbc.sql("DELETE FROM audit_log").update())
                .isInstanceOf(DataAccessException.class).rootCause().hasMessageContaining("permission denied");
        assertThatThrownBy(() -> jdbc.sql("TRUNCATE audit_log").update())
                .isInstanceOf(DataAccessException.class).rootCause().hasMessageContaining("permission denied");
        assertThat(adminApi().getJson("/api/v1/audit/verify").body()).contains("\"intact\":true");
    }

    @Test
    void hostileTextIsStoredAndShownInert() {
        String hostile = "<script>alert('x')</script>@evil.example";
        http().login(hostile, "whatever");
        String page = admin().page("/admin/audit?action=login.failed");
        assertThat(page).doesNotContain("<script>alert").contains("&lt;script&gt;alert");
    }

    @Test
    void tamperingIsDetectedByVerification() throws Exception {
        adminApi().json("POST", "/api/v1/clients", "{\"name\":\"Tamper " + System.nanoTime() + "\",\"timeZone\":\"UTC\",\"status\":\"ACTIVE\"}");
        assertThat(adminApi().getJson("/api/v1/audit/verify").body()).contains("\"intact\":true");
        // Only a database superuser, going round the application, can rewrite history: we play that attacker.
        String url = ((HikariDataSource) ((DelegatingDataSource) dataSource).getTargetDataSource()).getJdbcUrl();
        try (Connection c = DriverManager.getConnection(url, "postgres", ""); Statement st = c.createStatement()) {
            st.execute("ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update");
            st.execute("UPDATE audit_log SET actor = 'innocent@example' WHERE seq = (SELECT max(seq) FROM audit_log WHERE action = 'client.created')");
            st.execute("ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update");
            HttpResponse<String> verify = adminApi().getJson("/api/v1/audit/verify");
            assertThat(verify.body()).contains("\"intact\":false", "was changed after it was written");
            assertThat(admin().page("/admin/audit")).contains("Chain broken");
            // Put it back so the rest of the suite works on an intact chain.
            st.execute("ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update");
            st.execute("UPDATE audit_log SET actor = 'admin@demo.steward.test' WHERE actor = 'innocent@example'");
            st.execute("ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update");
        }
        assertThat(adminApi().getJson("/api/v1/audit/verify").body()).contains("\"intact\":true");
    }

    @Test
    void theTriggerStopsEvenTheOwner() throws Exception {
        String url = ((HikariDataSource) ((DelegatingDataSource) dataSource).getTargetDataSource()).getJdbcUrl();
        try (Connection c = DriverManager.getConnection(url, "steward_owner", ""); Statement st = c.createStatement()) {
            assertThatThrownBy(() -> st.execute("DELETE FROM audit_log")).hasMessageContaining("append-only");
        }
    }

    @Test
    void nonAdminsCannotReadTheLog() {
        assertThat(signedIn("manager@demo.steward.test").getJson("/api/v1/audit").statusCode()).isEqualTo(403);
        assertThat(signedIn("manager@demo.steward.test").get("/admin/audit").statusCode()).isEqualTo(403);
        assertThat(adminApi().getJson("/api/v1/audit?from=yesterday").statusCode()).isEqualTo(400);
        assertThat(adminApi().getJson("/api/v1/audit?from=2020-01-01&to=2100-01-01").statusCode()).isEqualTo(200);
    }
}
