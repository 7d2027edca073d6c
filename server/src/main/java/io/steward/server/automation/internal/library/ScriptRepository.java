package io.steward.server.automation.internal.library;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

import io.steward.server.automation.Script;
import io.steward.server.automation.ScriptCatalog.ParameterDefinition;
import io.steward.server.automation.ScriptCatalog.ScriptVersion;
import io.steward.server.shared.ClientId;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectMapper;

/**
 * The script and script_version tables. Versions are only ever inserted (V115 refuses UPDATE of a version in the
 * database too); a version's stored hash is returned as stored, and {@link VersionRow#bodyMatches()} says whether the
 * body still hashes to it.
 */
@Repository
public class ScriptRepository {
    private static final TypeReference<List<ParameterDefinition>> DEFINITIONS = new TypeReference<>() {
    };
    private static final String SCRIPT = """
            SELECT s.id, s.name, s.description, s.category, s.interpreter, s.operating_systems, s.client_ids, s.archived, s.created_at,
                   u.display_name AS author
              FROM script s LEFT JOIN app_user u ON u.id = s.created_by""";
    private static final String VERSION = """
            SELECT v.id, v.script_id, s.name AS script_name, v.number, v.sha256, v.body, s.interpreter, v.parameters, v.timeout_seconds,
                   v.output_limit_bytes, v.run_as, s.client_ids, v.created_at, v.note, u.display_name AS author
              FROM script_version v JOIN script s ON s.id = v.script_id LEFT JOIN app_user u ON u.id = v.created_by""";

    private final JdbcClient jdbc;
    private final ObjectMapper json;

    ScriptRepository(JdbcClient jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** A script's own fields, checked by the service. */
    public record Values(String name, String description, String category, String interpreter, List<String> operatingSystems,
                         List<UUID> clientIds) {
    }

    /** A version's content, checked by the service. */
    public record VersionValues(String body, String sha256, List<ParameterDefinition> parameters, int timeoutSeconds, int outputLimitBytes,
                                String runAs, String note) {
    }

    /** A stored version with what the pages add to it. */
    public record VersionRow(ScriptVersion version, String author, String note) {
        /** Whether the stored body still hashes to the stored SHA-256. */
        public boolean bodyMatches() {
            return ScriptHashes.sha256(version.body()).equals(version.sha256());
        }
    }

    /** Scripts by name; archived ones only when asked. */
    public List<Script> list(boolean archived) {
        java.util.Map<UUID, ScriptVersion> latest = new java.util.HashMap<>();
        jdbc.sql(VERSION.replace("SELECT v.id", "SELECT DISTINCT ON (v.script_id) v.id") + " WHERE s.archived = ? ORDER BY v.script_id, v.number DESC")
                .param(archived).query(this::versionRow).list().forEach(r -> latest.put(r.version().scriptId(), r.version()));
        return jdbc.sql(SCRIPT + " WHERE s.archived = ? ORDER BY lower(s.name)").param(archived)
                .query((rs, n) -> script(rs, latest.get(rs.getObject("id", UUID.class)))).list();
    }

    public Optional<Script> find(UUID id) {
        return jdbc.sql(SCRIPT + " WHERE s.id = ?").param(id).query((rs, n) -> script(rs, null)).optional()
                .map(s -> new Script(s.id(), s.name(), s.description(), s.category(), s.interpreter(), s.operatingSystems(), s.clientIds(),
                        s.archived(), s.createdAt(), s.createdBy(), latest(id).map(VersionRow::version).orElse(null)));
    }

    public void insert(UUID id, Values v, UUID by, Instant now) {
        jdbc.sql("""
                INSERT INTO script (id, name, description, category, interpreter, operating_systems, client_ids, created_at, created_by)
                VALUES (?, ?, ?, ?, ?, CAST(? AS text[]), CAST(? AS uuid[]), ?, ?)""")
                .params(id, v.name(), v.description(), v.category(), v.interpreter(), textArray(v.operatingSystems()), uuidArray(v.clientIds()),
                        Timestamp.from(now), by)
                .update();
    }

    /** Changes a script's own fields; its interpreter stays what it was made with. */
    public void update(UUID id, Values v) {
        jdbc.sql("UPDATE script SET name = ?, description = ?, category = ?, operating_systems = CAST(? AS text[]), client_ids = CAST(? AS uuid[]) "
                        + "WHERE id = ?")
                .params(v.name(), v.description(), v.category(), textArray(v.operatingSystems()), uuidArray(v.clientIds()), id).update();
    }

    public void setArchived(UUID id, boolean archived) {
        jdbc.sql("UPDATE script SET archived = ? WHERE id = ?").params(archived, id).update();
    }

    /** Locks the script row, so two saves of one script number their versions one after the other. */
    public void lock(UUID id) {
        jdbc.sql("SELECT id FROM script WHERE id = ? FOR UPDATE").param(id).query(UUID.class).optional();
    }

    /** Adds the next version of the script; returns its id. */
    public UUID insertVersion(UUID scriptId, VersionValues v, UUID by, Instant now) {
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                INSERT INTO script_version (id, script_id, number, sha256, body, parameters, timeout_seconds, output_limit_bytes, run_as, note,
                                            created_at, created_by)
                SELECT ?, ?, COALESCE(max(number), 0) + 1, ?, ?, CAST(? AS jsonb), ?, ?, ?, ?, ?, ? FROM script_version WHERE script_id = ?""")
                .params(id, scriptId, v.sha256(), v.body(), json.writeValueAsString(v.parameters()), v.timeoutSeconds(), v.outputLimitBytes(),
                        v.runAs(), v.note(), Timestamp.from(now), by, scriptId)
                .update();
        return id;
    }

    public Optional<VersionRow> version(UUID versionId) {
        return jdbc.sql(VERSION + " WHERE v.id = ?").param(versionId).query(this::versionRow).optional();
    }

    public Optional<VersionRow> latest(UUID scriptId) {
        return jdbc.sql(VERSION + " WHERE v.script_id = ? ORDER BY v.number DESC LIMIT 1").param(scriptId).query(this::versionRow).optional();
    }

    /** The version numbered just below this one, if any. */
    public Optional<VersionRow> previous(ScriptVersion v) {
        return jdbc.sql(VERSION + " WHERE v.script_id = ? AND v.number < ? ORDER BY v.number DESC LIMIT 1").params(v.scriptId(), v.number())
                .query(this::versionRow).optional();
    }

    /** The versions of a script, newest first. */
    public List<Script.VersionEntry> versions(UUID scriptId) {
        return jdbc.sql("""
                SELECT v.id, v.number, v.sha256, u.display_name AS author, v.created_at, v.note
                  FROM script_version v LEFT JOIN app_user u ON u.id = v.created_by
                 WHERE v.script_id = ? ORDER BY v.number DESC""").param(scriptId)
                .query((rs, n) -> new Script.VersionEntry(rs.getObject("id", UUID.class), rs.getInt("number"), rs.getString("sha256"),
                        rs.getString("author"), rs.getTimestamp("created_at").toInstant(), rs.getString("note")))
                .list();
    }

    private Script script(ResultSet rs, ScriptVersion latest) throws SQLException {
        return new Script(rs.getObject("id", UUID.class), rs.getString("name"), rs.getString("description"), rs.getString("category"),
                rs.getString("interpreter"), strings(rs.getArray("operating_systems")), uuids(rs.getArray("client_ids")), rs.getBoolean("archived"),
                rs.getTimestamp("created_at").toInstant(), rs.getString("author"), latest);
    }

    private VersionRow versionRow(ResultSet rs, int n) throws SQLException {
        List<UUID> clients = uuids(rs.getArray("client_ids"));
        ScriptVersion v = new ScriptVersion(rs.getObject("id", UUID.class), rs.getObject("script_id", UUID.class), rs.getString("script_name"),
                rs.getInt("number"), rs.getString("sha256"), rs.getString("body"), rs.getString("interpreter"),
                json.readValue(rs.getString("parameters"), DEFINITIONS), rs.getInt("timeout_seconds"), rs.getInt("output_limit_bytes"),
                rs.getString("run_as"), clients.isEmpty() ? null : clients.stream().map(ClientId::new).toList(),
                rs.getTimestamp("created_at").toInstant());
        return new VersionRow(v, rs.getString("author"), rs.getString("note"));
    }

    private static List<String> strings(Array a) throws SQLException {
        return a == null ? List.of() : List.of((String[]) a.getArray());
    }

    private static List<UUID> uuids(Array a) throws SQLException {
        return a == null ? List.of() : Arrays.stream((Object[]) a.getArray()).map(o -> o instanceof UUID u ? u : UUID.fromString(o.toString()))
                .toList();
    }

    /** An array literal of values the service checked against a fixed set (no quoting needed). */
    private static String textArray(List<String> values) {
        return values.stream().collect(Collectors.joining(",", "{", "}"));
    }

    private static String uuidArray(List<UUID> ids) {
        return ids == null || ids.isEmpty() ? null : ids.stream().map(UUID::toString).collect(Collectors.joining(",", "{", "}"));
    }
}
