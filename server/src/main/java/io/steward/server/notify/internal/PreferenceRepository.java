package io.steward.server.notify.internal;

import java.util.Map;
import java.util.stream.Collectors;

import io.steward.server.shared.UserId;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The notification_preference table: a user's stored choices by kind code; a kind without a row has its defaults. */
@Repository
public class PreferenceRepository {
    private final JdbcClient jdbc;

    PreferenceRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A stored choice: in the app, by email. */
    public record Choice(boolean inApp, boolean email) {
    }

    public Map<String, Choice> of(UserId user) {
        return jdbc.sql("SELECT kind, in_app, email FROM notification_preference WHERE user_id = ?").param(user.value())
                .query((rs, n) -> Map.entry(rs.getString("kind"), new Choice(rs.getBoolean("in_app"), rs.getBoolean("email"))))
                .list().stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    public void save(UserId user, String kind, Choice choice) {
        jdbc.sql("""
                INSERT INTO notification_preference (user_id, kind, in_app, email) VALUES (?, ?, ?, ?)
                ON CONFLICT (user_id, kind) DO UPDATE SET in_app = excluded.in_app, email = excluded.email""")
                .params(user.value(), kind, choice.inApp(), choice.email()).update();
    }
}
