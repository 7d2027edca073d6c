package io.steward.server.tenancy.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The msp table: one row (id 1), the MSP running this installation. */
@Repository
public class MspRepository {
    private final JdbcClient jdbc;

    MspRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<String> name() {
        return jdbc.sql("SELECT name FROM msp WHERE id = 1").query(String.class).optional();
    }

    /** Names the MSP, creating its row (dated {@code at}) the first time. */
    public void rename(String name, Instant at) {
        jdbc.sql("INSERT INTO msp (id, name, created_at) VALUES (1, ?, ?) ON CONFLICT (id) DO UPDATE SET name = excluded.name")
                .params(name, Timestamp.from(at)).update();
    }
}
