package io.steward.server.web;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.steward.server.support.DemoLogins;
import io.steward.server.support.Http;
import io.steward.server.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A pool that stays exhausted past its timeout is overload: 503 with Retry-After, never a 500 —
 * whether the request finds no connection in a filter (the API token or session lookup) or later, for
 * the API and for pages.
 */
class OverloadAnswerTest extends IntegrationTest {

    @Autowired
    DataSource dataSource;

    @Test
    void noFreeConnectionIsAnsweredServiceUnavailableWithRetryAfter() throws Exception {
        Http api = adminApi();
        Http manager = signedIn(DemoLogins.MANAGER);
        HikariDataSource pool = dataSource.unwrap(HikariDataSource.class);
        long timeout = pool.getConnectionTimeout();
        List<Connection> held = new ArrayList<>();
        try {
            while (held.size() < pool.getMaximumPoolSize()) {
                held.add(dataSource.getConnection());
            }
            pool.getHikariConfigMXBean().setConnectionTimeout(250);

            HttpResponse<String> viaToken = api.getJson("/api/v1/clients");
            assertThat(viaToken.statusCode()).isEqualTo(503);
            assertThat(viaToken.headers().firstValue("Retry-After")).hasValue("2");
            assertThat(viaToken.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).contains("application/problem+json"));
            assertThat(viaToken.body()).contains("busy");

            HttpResponse<String> viaSession = manager.getJson("/api/v1/clients");
            assertThat(viaSession.statusCode()).isEqualTo(503);
            assertThat(viaSession.headers().firstValue("Retry-After")).hasValue("2");
            assertThat(viaSession.body()).contains("busy");

            HttpResponse<String> page = manager.get("/tickets");
            assertThat(page.statusCode()).isEqualTo(503);
            assertThat(page.headers().firstValue("Retry-After")).hasValue("2");
            assertThat(page.body()).contains("busy");
        } finally {
            pool.getHikariConfigMXBean().setConnectionTimeout(timeout);
            for (Connection c : held) {
                c.close();
            }
        }
        assertThat(api.getJson("/api/v1/clients").statusCode()).as("served again once connections are free").isEqualTo(200);
    }
}
