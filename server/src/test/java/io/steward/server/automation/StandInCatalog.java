package io.steward.server.automation;

import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.steward.protocol.task.Parameter;
import io.steward.protocol.task.StandardChangeSpec;
import io.steward.protocol.task.TaskSpec;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.InvalidInputException;
import io.steward.server.shared.TenantContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectMapper;

/** TEST SCOPE ONLY, until LIBRARY is merged: reads the script tables V110 defines and checks values against them. */
class StandInCatalog implements ScriptCatalog {
    private final JdbcClient jdbc;
    private final ObjectMapper json;

    StandInCatalog(JdbcClient jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    @Override
    public Optional<ScriptVersion> version(UUID versionId) {
        return TenantContext.callAsSystem(() -> jdbc.sql("""
                SELECT v.*, s.name, s.interpreter, s.client_ids FROM script_version v JOIN script s ON s.id = v.script_id WHERE v.id = ?""")
                .param(versionId).query((rs, n) -> {
                    java.sql.Array clients = rs.getArray("client_ids");
                    List<ClientId> restriction = clients == null ? null
                            : java.util.Arrays.stream((Object[]) clients.getArray()).map(o -> new ClientId((UUID) o)).toList();
                    List<ParameterDefinition> defs = json.readValue(rs.getString("parameters"), new TypeReference<List<ParameterDefinition>>() { });
                    return new ScriptVersion(rs.getObject("id", UUID.class), rs.getObject("script_id", UUID.class), rs.getString("name"),
                            rs.getInt("number"), rs.getString("sha256"), rs.getString("body"), rs.getString("interpreter"), defs,
                            rs.getInt("timeout_seconds"), rs.getInt("output_limit_bytes"), rs.getString("run_as"), restriction,
                            rs.getTimestamp("created_at").toInstant());
                }).optional());
    }

    @Override
    public Optional<ScriptVersion> latest(UUID scriptId) {
        return TenantContext.callAsSystem(() -> jdbc.sql("SELECT id FROM script_version WHERE script_id = ? ORDER BY number DESC LIMIT 1")
                .param(scriptId).query(UUID.class).optional()).flatMap(this::version);
    }

    @Override
    public ResolvedParameters resolve(ScriptVersion version, UUID taskId, Map<String, String> values) {
        for (String name : values.keySet()) {
            if (version.parameters().stream().noneMatch(d -> d.name().equals(name))) {
                throw new InvalidInputException("parameters." + name, "The script has no parameter " + name + ".");
            }
        }
        List<Parameter> signed = new ArrayList<>();
        Map<String, String> secrets = new LinkedHashMap<>();
        for (ParameterDefinition d : version.parameters()) {
            String v = values.getOrDefault(d.name(), d.defaultValue());
            String field = "parameters." + d.name();
            if (v == null || v.isEmpty()) {
                if (d.required()) {
                    throw new InvalidInputException(field, d.name() + " is required.");
                }
                continue;
            }
            switch (d.type()) {
                case STRING -> {
                    if (v.contains("\n") || (d.pattern() != null && !v.matches(d.pattern()))) {
                        throw new InvalidInputException(field, d.name() + " does not match its pattern.");
                    }
                }
                case INTEGER -> {
                    BigInteger n;
                    try {
                        n = new BigInteger(v);
                    } catch (NumberFormatException e) {
                        throw new InvalidInputException(field, d.name() + " is a whole number.");
                    }
                    if ((d.min() != null && n.compareTo(BigInteger.valueOf(d.min())) < 0) || (d.max() != null && n.compareTo(BigInteger.valueOf(d.max())) > 0)) {
                        throw new InvalidInputException(field, d.name() + " is out of range.");
                    }
                }
                case BOOLEAN -> {
                    if (!v.equals("true") && !v.equals("false")) {
                        throw new InvalidInputException(field, d.name() + " is true or false.");
                    }
                }
                case CHOICE -> {
                    if (d.choices() == null || !d.choices().contains(v)) {
                        throw new InvalidInputException(field, d.name() + " is one of its choices.");
                    }
                }
                case SECRET -> {
                }
            }
            if (d.type() == ParameterType.SECRET) {
                signed.add(new Parameter(d.name(), Parameter.Delivery.SECRET, TaskSpec.secretHash(taskId, d.name(), v)));
                secrets.put(d.name(), v);
            } else {
                signed.add(new Parameter(d.name(), d.delivery(), v));
            }
        }
        return new ResolvedParameters(signed, secrets);
    }

    @Override
    public List<StandardChange> standardChanges(UUID versionId) {
        return TenantContext.callAsSystem(() -> jdbc.sql("""
                SELECT c.*, v.sha256, v.run_as, v.output_limit_bytes, s.name, s.interpreter FROM standard_change c
                JOIN script_version v ON v.id = c.script_version_id JOIN script s ON s.id = v.script_id
                WHERE c.script_version_id = ? ORDER BY c.created_at DESC""").param(versionId).query((rs, n) -> {
            List<StandardChangeSpec.Allowed> allowed = json.readValue(rs.getString("allowed"), new TypeReference<List<StandardChangeSpec.Allowed>>() { });
            StandardChangeSpec spec = new StandardChangeSpec(rs.getObject("id", UUID.class), rs.getObject("requested_by", UUID.class), rs.getString("name"),
                    rs.getString("sha256"), rs.getString("interpreter"), rs.getString("run_as"), rs.getInt("max_timeout_seconds"),
                    rs.getInt("output_limit_bytes"), allowed, rs.getObject("scope_client_id", UUID.class), rs.getTimestamp("not_after").toInstant());
            return new StandardChange(rs.getObject("id", UUID.class), versionId, spec, rs.getString("state"));
        }).list());
    }

}
