package io.steward.server.automation.internal.library;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.steward.protocol.task.PasskeyAssertion;
import io.steward.protocol.task.StandardChangeSpec;
import io.steward.server.shared.TenantScope;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.ObjectMapper;

/**
 * The standard_change and standard_change_assertion tables. A change limited to one client is seen only within a
 * scope that sees that client; one for every client by all staff.
 */
@Repository
public class StandardChangeRepository {
    private static final String SELECT = """
            SELECT c.id, c.script_version_id, v.script_id, s.name AS script_name, v.number, v.sha256, c.scope_client_id, cl.name AS client_name,
                   c.max_timeout_seconds, c.not_after, c.state, c.spec, c.digest, c.requested_by, ru.display_name AS requested_name,
                   c.approved_by, au.display_name AS approved_name, c.created_at, c.decided_at, c.reason
              FROM standard_change c JOIN script_version v ON v.id = c.script_version_id JOIN script s ON s.id = v.script_id
              LEFT JOIN client cl ON cl.id = c.scope_client_id
              LEFT JOIN app_user ru ON ru.id = c.requested_by LEFT JOIN app_user au ON au.id = c.approved_by
             WHERE (c.scope_client_id IS NULL OR\s""" + TenantScope.sqlCondition("c.scope_client_id") + ")";

    private final JdbcClient jdbc;
    private final ObjectMapper json;

    StandardChangeRepository(JdbcClient jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** A stored row; {@code spec} is the statement's bytes as stored (read with {@link StandardChangeStatements}). */
    public record Row(UUID id, UUID scriptVersionId, UUID scriptId, String scriptName, int versionNumber, String sha256, UUID scopeClientId,
                      String clientName, int maxTimeoutSeconds, Instant notAfter, String state, byte[] spec, byte[] digest, UUID requestedBy,
                      String requestedByName, UUID approvedBy, String approvedByName, Instant createdAt, Instant decidedAt, String reason) {
    }

    public List<Row> list(TenantScope scope, UUID versionId) {
        List<Object> p = new ArrayList<>(scope.sqlParams());
        String only = "";
        if (versionId != null) {
            only = " AND c.script_version_id = ?";
            p.add(versionId);
        }
        return jdbc.sql(SELECT + only + " ORDER BY c.created_at DESC, c.id").params(p).query(StandardChangeRepository::map).list();
    }

    public Optional<Row> find(TenantScope scope, UUID id) {
        List<Object> p = new ArrayList<>(scope.sqlParams());
        p.add(id);
        return jdbc.sql(SELECT + " AND c.id = ?").params(p).query(StandardChangeRepository::map).optional();
    }

    /** Locks the row for a decision, so two approvals cannot both go through. */
    public void lock(UUID id) {
        jdbc.sql("SELECT id FROM standard_change WHERE id = ? FOR UPDATE").param(id).query(UUID.class).optional();
    }

    public void insert(UUID versionId, StandardChangeSpec spec, Instant now) {
        jdbc.sql("""
                INSERT INTO standard_change (id, script_version_id, scope_client_id, allowed, max_timeout_seconds, not_after, state, spec, digest,
                                             requested_by, created_at)
                VALUES (?, ?, ?, CAST(? AS jsonb), ?, ?, 'AWAITING_APPROVAL', ?, ?, ?, ?)""")
                .params(spec.id(), versionId, spec.scopeClientId(), json.writeValueAsString(spec.allowed()), spec.maxTimeoutSeconds(),
                        Timestamp.from(spec.notAfter()), spec.canonical(), spec.digest(), spec.requestedBy(), Timestamp.from(now))
                .update();
    }

    public void insertAssertion(UUID id, String purpose, UUID user, PasskeyAssertion a, Instant now) {
        jdbc.sql("""
                INSERT INTO standard_change_assertion (standard_change_id, purpose, user_id, credential_id, authenticator_data, client_data_json,
                                                       signature, user_handle, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(id, purpose, user, a.credentialId(), a.authenticatorData(), a.clientDataJson(), a.signature(), a.userHandle(),
                        Timestamp.from(now))
                .update();
    }

    /** The assertion given for the change with this purpose (REQUEST or APPROVE). */
    public Optional<PasskeyAssertion> assertion(UUID id, String purpose) {
        return jdbc.sql("""
                SELECT credential_id, authenticator_data, client_data_json, signature, user_handle FROM standard_change_assertion
                 WHERE standard_change_id = ? AND purpose = ?""").params(id, purpose)
                .query((rs, n) -> new PasskeyAssertion(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)))
                .optional();
    }

    public void deleteAssertion(UUID id, String purpose) {
        jdbc.sql("DELETE FROM standard_change_assertion WHERE standard_change_id = ? AND purpose = ?").params(id, purpose).update();
    }

    /** Records the decision: ACTIVE (the signer adopted it) or REVOKED, with who and why. */
    public void decide(UUID id, String state, UUID approvedBy, String reason, Instant now) {
        jdbc.sql("UPDATE standard_change SET state = ?, approved_by = COALESCE(?, approved_by), reason = ?, decided_at = ? WHERE id = ?")
                .params(state, approvedBy, reason, Timestamp.from(now), id).update();
    }

    /** The signer refused the approval: the change waits for another approver, with the refusal's reason shown. */
    public void refused(UUID id, String reason) {
        jdbc.sql("UPDATE standard_change SET approved_by = NULL, reason = ? WHERE id = ?").params(reason, id).update();
    }

    private static Row map(ResultSet rs, int n) throws SQLException {
        Timestamp decided = rs.getTimestamp("decided_at");
        return new Row(rs.getObject("id", UUID.class), rs.getObject("script_version_id", UUID.class), rs.getObject("script_id", UUID.class),
                rs.getString("script_name"), rs.getInt("number"), rs.getString("sha256"), rs.getObject("scope_client_id", UUID.class),
                rs.getString("client_name"), rs.getInt("max_timeout_seconds"), rs.getTimestamp("not_after").toInstant(), rs.getString("state"),
                rs.getBytes("spec"), rs.getBytes("digest"), rs.getObject("requested_by", UUID.class), rs.getString("requested_name"),
                rs.getObject("approved_by", UUID.class), rs.getString("approved_name"), rs.getTimestamp("created_at").toInstant(),
                decided == null ? null : decided.toInstant(), rs.getString("reason"));
    }
}
