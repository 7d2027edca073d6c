package io.steward.server.notify.internal.mail;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The mail_suppression table: addresses Steward no longer sends to. Addresses are compared in lower case. */
@Repository
class SuppressionRepository {
    private final JdbcClient jdbc;

    SuppressionRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** One suppressed address. */
    record Suppression(String address, String reason, Instant at) {
    }

    boolean contains(String address) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM mail_suppression WHERE address = ?)").param(normal(address)).query(Boolean.class).single();
    }

    /** Which of {@code addresses} are suppressed, in lower case: one query for a batch of mail. */
    java.util.Set<String> amongst(java.util.Collection<String> addresses) {
        if (addresses.isEmpty()) {
            return java.util.Set.of();
        }
        return java.util.Set.copyOf(jdbc.sql("SELECT address FROM mail_suppression WHERE address = ANY(?)")
                .param(addresses.stream().map(SuppressionRepository::normal).distinct().toArray(String[]::new)).query(String.class).list());
    }

    /** Adds the address, or keeps its first reason when it is there already. */
    void add(String address, String reason, Instant at) {
        jdbc.sql("INSERT INTO mail_suppression (address, reason, at) VALUES (?, ?, ?) ON CONFLICT (address) DO NOTHING")
                .params(normal(address), OutboxDeliveryRepository.clip(reason), Timestamp.from(at)).update();
    }

    /** Answers whether the address was on the list. */
    boolean remove(String address) {
        return jdbc.sql("DELETE FROM mail_suppression WHERE address = ?").param(normal(address)).update() == 1;
    }

    List<Suppression> list(int limit) {
        return jdbc.sql("SELECT address, reason, at FROM mail_suppression ORDER BY at DESC, address LIMIT ?").param(limit)
                .query((rs, n) -> new Suppression(rs.getString("address"), rs.getString("reason"), rs.getTimestamp("at").toInstant())).list();
    }

    static String normal(String address) {
        return address.strip().toLowerCase(Locale.ROOT);
    }
}
