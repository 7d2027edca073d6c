package io.steward.server.servicedesk.internal;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The staff a bulk assignment offers: every enabled MSP user; whether one serves a ticket's client is checked per ticket. */
@Repository
public class DeskStaff {
    private final JdbcClient jdbc;

    DeskStaff(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public List<Map.Entry<UUID, String>> enabled() {
        return jdbc.sql("SELECT id, display_name FROM app_user WHERE enabled AND role <> 'CLIENT_USER' ORDER BY lower(display_name)")
                .query((rs, n) -> Map.entry(rs.getObject(1, UUID.class), rs.getString(2))).list();
    }
}
