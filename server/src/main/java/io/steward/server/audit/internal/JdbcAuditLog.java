package io.steward.server.audit.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import io.steward.server.audit.AuditEntry;
import io.steward.server.audit.AuditLog;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.Page;
import io.steward.server.shared.PageQuery;
import io.steward.server.shared.Viewer;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.MDC;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import tools.jackson.databind.ObjectMapper;

/**
 * Audit log on PostgreSQL. Appends are serialised by a transaction-scoped advisory lock, so each
 * entry's {@code prev_hash} is the hash of the entry committed just before it.
 */
@Service
class JdbcAuditLog implements AuditLog {

    static final String GENESIS = "0".repeat(64);
    private static final long CHAIN_LOCK = 0x5354455741524431L;

    private final JdbcClient jdbc;
    private final Clock clock;
    private final ObjectMapper json;

    JdbcAuditLog(JdbcClient jdbc, Clock clock, ObjectMapper json) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.json = json;
    }

    @Override
    @Transactional(propagation = Propagation.MANDATORY)
    public void record(String action, String targetType, String targetId, ClientId client, Map<String, ?> details) {
        Viewer viewer = Viewer.current().orElse(null);
        append(viewer == null ? null : viewer.userId().value(), viewer == null ? "system" : viewer.email(),
                action, targetType, targetId, client == null ? null : client.value(), details);
    }

    @Override
    @Transactional
    public void recordAnonymous(String actorLabel, String action, Map<String, ?> details) {
        append(null, actorLabel, action, "", "", null, details);
    }

    private void append(UUID actorId, String actor, String action, String targetType, String targetId, UUID clientId,
                        Map<String, ?> details) {
        HttpServletRequest request = currentRequest();
        String remote = request == null ? "" : request.getRemoteAddr();
        String agent = request == null ? "" : limit(request.getHeader("User-Agent"), 400);
        String requestId = limit(MDC.get("requestId"), 64);
        String detailJson = json.writeValueAsString(details == null ? Map.of() : new TreeMap<>(details));
        Instant at = clock.instant().truncatedTo(ChronoUnit.MICROS);

        jdbc.sql("SELECT pg_advisory_xact_lock(?)").param(CHAIN_LOCK).query().singleRow();
        String prev = jdbc.sql("SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1").query(String.class).optional().orElse(GENESIS);
        AuditEntry unsealed = new AuditEntry(0, at, actorId, limit(actor, 320), action, nz(targetType), nz(targetId), clientId,
                remote, agent, requestId, detailJson, prev, null);
        String hash = hashOf(unsealed);
        jdbc.sql("""
                INSERT INTO audit_log (occurred_at, actor_id, actor, action, target_type, target_id, client_id,
                                       remote_addr, user_agent, request_id, details, prev_hash, hash)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(Timestamp.from(at), actorId, unsealed.actor(), action, unsealed.targetType(), unsealed.targetId(), clientId,
                        remote, agent, requestId, detailJson, prev, hash)
                .update();
    }

    /** The hash of an entry covers every stored field but the sequence number and the hash itself. */
    static String hashOf(AuditEntry e) {
        String canonical = String.join("\u001f",
                e.prevHash(), e.occurredAt().toString(), String.valueOf(e.actorId()), e.actor(), e.action(), e.targetType(),
                e.targetId(), String.valueOf(e.clientId()), e.remoteAddr(), e.userAgent(), e.requestId(), e.details());
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha.digest(canonical.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e1) {
            throw new IllegalStateException(e1);
        }
    }

    @Override
    @Transactional(readOnly = true)
    public Page<AuditEntry> search(AuditQuery query, PageQuery page) {
        Filter f = Filter.of(query);
        long total = jdbc.sql("SELECT count(*) FROM audit_log WHERE " + f.where).params(f.params).query(Long.class).single();
        List<Object> params = new ArrayList<>(f.params);
        params.add(page.size());
        params.add(page.offset());
        List<AuditEntry> items = jdbc.sql("SELECT * FROM audit_log WHERE " + f.where + " ORDER BY " + page.orderBy() + " LIMIT ? OFFSET ?")
                .params(params).query(JdbcAuditLog::map).list();
        return new Page<>(items, page.page(), page.size(), total);
    }

    @Override
    @Transactional(readOnly = true)
    public List<AuditEntry> export(AuditQuery query) {
        Filter f = Filter.of(query);
        return jdbc.sql("SELECT * FROM audit_log WHERE " + f.where + " ORDER BY seq LIMIT 100000").params(f.params)
                .query(JdbcAuditLog::map).list();
    }

    @Override
    @Transactional(readOnly = true)
    public ChainVerification verify() {
        String[] expectedPrev = {GENESIS};
        long[] count = {0};
        Long[] broken = {null};
        String[] why = {null};
        jdbc.sql("SELECT * FROM audit_log ORDER BY seq").query((ResultSet rs) -> {
            if (broken[0] != null) {
                return;
            }
            AuditEntry e = map(rs, 0);
            count[0]++;
            if (!e.prevHash().equals(expectedPrev[0])) {
                broken[0] = e.seq();
                why[0] = "entry " + e.seq() + " does not follow the entry before it (an entry was removed or reordered)";
            } else if (!hashOf(e).equals(e.hash())) {
                broken[0] = e.seq();
                why[0] = "entry " + e.seq() + " was changed after it was written";
            }
            expectedPrev[0] = e.hash();
        });
        if (broken[0] != null) {
            return new ChainVerification(false, count[0], broken[0], why[0]);
        }
        return new ChainVerification(true, count[0], null, "All " + count[0] + " entries are intact.");
    }

    private static AuditEntry map(ResultSet rs, int row) throws SQLException {
        return new AuditEntry(rs.getLong("seq"), rs.getTimestamp("occurred_at").toInstant(), rs.getObject("actor_id", UUID.class),
                rs.getString("actor"), rs.getString("action"), rs.getString("target_type"), rs.getString("target_id"),
                rs.getObject("client_id", UUID.class), rs.getString("remote_addr"), rs.getString("user_agent"),
                rs.getString("request_id"), rs.getString("details"), rs.getString("prev_hash"), rs.getString("hash"));
    }

    private record Filter(String where, List<Object> params) {
        static Filter of(AuditQuery q) {
            StringBuilder where = new StringBuilder("true");
            List<Object> params = new ArrayList<>();
            if (q.text() != null && !q.text().isBlank()) {
                where.append(" AND (actor ILIKE ? OR target_id ILIKE ? OR details ILIKE ? OR remote_addr ILIKE ?)");
                String like = "%" + io.steward.server.shared.Like.literal(q.text()) + "%";
                params.add(like);
                params.add(like);
                params.add(like);
                params.add(like);
            }
            if (q.action() != null && !q.action().isBlank()) {
                where.append(" AND action = ?");
                params.add(q.action());
            }
            if (q.from() != null) {
                where.append(" AND occurred_at >= ?");
                params.add(Timestamp.from(q.from()));
            }
            if (q.to() != null) {
                where.append(" AND occurred_at < ?");
                params.add(Timestamp.from(q.to()));
            }
            return new Filter(where.toString(), params);
        }
    }

    private static HttpServletRequest currentRequest() {
        return RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes a ? a.getRequest() : null;
    }

    private static String limit(String s, int max) {
        if (s == null) {
            return "";
        }
        return s.length() <= max ? s : s.substring(0, max);
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
