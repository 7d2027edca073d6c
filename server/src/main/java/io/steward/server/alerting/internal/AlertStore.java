package io.steward.server.alerting.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.steward.server.alerting.AlertCleared;
import io.steward.server.alerting.AlertRaised;
import io.steward.server.alerting.AlertingProperties;
import io.steward.server.alerting.AlertsGrouped;
import io.steward.server.alerting.MaintenanceWindow;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.DeviceId;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The writes of alerts' transitions, in the caller's transaction: open (recorded but paging nobody inside a maintenance
 * window, while the device is offline or snoozed), clear, and mark flapping. Only transitions come here, so the steady
 * state writes nothing. The transitions of one evaluation pass are written together ({@link #apply}): a few statements
 * per pass whatever the number of alerts, which is what keeps a flood of breaches from holding up the batch writer.
 */
@Component
public class AlertStore {
    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;
    private final AlertingProperties properties;
    private final AlertStorms storms;
    /** Each client's storm incident as last named, after the naming committed: its storm's alerts are inserted with it. */
    private final Map<ClientId, UUID> stormIncidents = new java.util.concurrent.ConcurrentHashMap<>();

    public AlertStore(JdbcClient jdbc, ApplicationEventPublisher events, AlertingProperties properties) {
        this.jdbc = jdbc;
        this.events = events;
        this.properties = properties;
        this.storms = new AlertStorms(properties.stormAlertsPerMinute());
    }

    /** A transition of one (device, policy, instance). */
    public sealed interface Change permits Raise, Clear, Flap {
        DeviceId deviceId();

        UUID policyId();

        String instance();
    }

    /** What is raised: device facts, the policy's identity and the value that crossed its threshold. */
    public record Raise(DeviceId deviceId, ClientId clientId, UUID siteId, String hostname, String criticality, UUID policyId, String policy,
                        String severity, String metric, String instance, double value, double threshold) implements Change {
    }

    /** The value came back: the open alert, if there is one, resolves. */
    public record Clear(DeviceId deviceId, ClientId clientId, String hostname, UUID policyId, String policy, String metric, String instance,
                        double value) implements Change {
    }

    /** The alert flipped too often: it stays open, says so, and its incident gets a note. */
    public record Flap(DeviceId deviceId, ClientId clientId, UUID policyId, String policy, String instance, double value) implements Change {
    }

    private record Key(UUID device, UUID policy, String instance) {
        static Key of(Change c) {
            return new Key(c.deviceId().value(), c.policyId(), c.instance());
        }
    }

    /**
     * Changes of distinct keys as the arrays an UPDATE unnests, in one order (device, policy, instance) for every
     * multi-row write of alerts, so that two of them never wait on each other's rows crosswise.
     */
    private record Keyed<C extends Change>(Map<Key, C> byKey, String[] device, String[] policy, String[] instance, Double[] value) {
        static <C extends Change> Keyed<C> of(List<C> changes, java.util.function.ToDoubleFunction<C> valueOf) {
            List<C> ordered = new ArrayList<>(changes);
            ordered.sort(Comparator.comparing((C c) -> c.deviceId().value()).thenComparing(Change::policyId).thenComparing(Change::instance));
            int n = ordered.size();
            Keyed<C> k = new Keyed<>(new HashMap<>(), new String[n], new String[n], new String[n], new Double[n]);
            for (int i = 0; i < n; i++) {
                C c = ordered.get(i);
                k.device[i] = c.deviceId().value().toString();
                k.policy[i] = c.policyId().toString();
                k.instance[i] = c.instance();
                k.value[i] = valueOf.applyAsDouble(c);
                k.byKey.put(Key.of(c), c);
            }
            return k;
        }

        /** The change of the row whose device, policy and instance are at {@code column} and the two after it. */
        C at(java.sql.ResultSet rs, int column) throws java.sql.SQLException {
            return byKey.get(new Key(rs.getObject(column, UUID.class), rs.getObject(column + 1, UUID.class), rs.getString(column + 2)));
        }
    }

    /**
     * Writes transitions in their order per (device, policy, instance): the first of every key in one round, the
     * second in the next, and so on (a breach and its recovery in the same pass are two rounds), each round's clears
     * with one statement and its raises with a few.
     */
    public void apply(List<? extends Change> changes, Instant now) {
        Map<Key, Integer> seen = new HashMap<>();
        List<List<Change>> rounds = new ArrayList<>();
        for (Change c : changes) {
            int round = seen.merge(Key.of(c), 1, Integer::sum) - 1;
            while (rounds.size() <= round) {
                rounds.add(new ArrayList<>());
            }
            rounds.get(round).add(c);
        }
        for (List<Change> round : rounds) {
            List<Clear> clears = new ArrayList<>();
            List<Raise> raises = new ArrayList<>();
            List<Flap> flaps = new ArrayList<>();
            for (Change c : round) {
                switch (c) {
                    case Clear clear -> clears.add(clear);
                    case Raise raise -> raises.add(raise);
                    case Flap flap -> flaps.add(flap);
                }
            }
            clearAll(clears, now);
            markFlapping(flaps);
            raiseAll(raises, now);
        }
    }

    /** Opens the alert; returns its id (an already open one's if another node was first). */
    public UUID raise(Raise r, Instant now) {
        UUID id = raiseAll(List.of(r), now).getFirst();
        if (id != null) {
            return id;
        }
        return jdbc.sql("SELECT id FROM alert WHERE device_id = ? AND policy_id = ? AND instance = ? AND state = 'OPEN'")
                .params(r.deviceId().value(), r.policyId(), r.instance()).query(UUID.class).single();
    }

    /** Grouped alerts of the client are written with this incident once the caller's transaction has committed. */
    public void stormIncident(ClientId client, UUID ticket) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    stormIncidents.put(client, ticket);
                }
            });
        } else {
            stormIncidents.put(client, ticket);
        }
    }

    /**
     * What a raise is recorded as: the suppressing window and reason, the snooze it falls under, and whether it joins a
     * storm (and then the storm incident it is written with, if one is known).
     */
    private record Standing(UUID window, String reason, Instant snoozedUntil, boolean grouped, UUID joined) {
    }

    /** Inserts the alerts of distinct keys; answers each one's id in order, null where one was already open. */
    private List<UUID> raiseAll(List<Raise> raises, Instant now) {
        if (raises.isEmpty()) {
            return List.of();
        }
        RaiseContext context = new RaiseContext(jdbc, raises, now);
        int n = raises.size();
        List<UUID> ids = new ArrayList<>(n);
        List<Standing> standings = new ArrayList<>(n);
        for (Raise r : raises) {
            UUID window = context.window(r);
            boolean offline = context.offline(r);
            Instant snoozedUntil = context.snoozedUntil(r);
            String reason = window != null ? "MAINTENANCE" : offline ? "OFFLINE" : snoozedUntil != null ? "SNOOZED" : null;
            // Only alerts that page someone count towards a storm: recorded-only ones open no incident anyway.
            boolean grouped = reason == null && storms.raised(r.clientId(), now);
            standings.add(new Standing(window, reason, snoozedUntil, grouped, grouped ? stormIncidents.get(r.clientId()) : null));
            ids.add(UUID.randomUUID());
        }
        Set<UUID> inserted = insert(raises, ids, standings, now);
        // An alert of its own that cleared within the re-fire window reopens that incident rather than a new one.
        List<Raise> paging = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (inserted.contains(ids.get(i)) && standings.get(i).reason() == null && !standings.get(i).grouped()) {
                paging.add(raises.get(i));
            }
        }
        Map<Key, UUID> previous = previousTickets(paging, now);
        Map<ClientId, List<AlertRaised>> grouped = new LinkedHashMap<>();
        Map<ClientId, UUID> joined = new HashMap<>();
        List<UUID> answer = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Raise r = raises.get(i);
            Standing s = standings.get(i);
            UUID id = ids.get(i);
            answer.add(inserted.contains(id) ? id : null);
            // Started inside maintenance, while the device is offline (its offline incident covers it) or snoozed: recorded, pages nobody.
            if (!inserted.contains(id) || s.reason() != null) {
                continue;
            }
            AlertRaised raised = new AlertRaised(id, r.deviceId(), r.clientId(), r.hostname(), r.criticality(), r.policy(), r.severity(), r.metric(),
                    r.instance(), r.value(), r.threshold(), s.grouped() ? null : previous.get(Key.of(r)), s.grouped(), r.policyId());
            events.publishEvent(raised);
            if (s.grouped()) {
                grouped.computeIfAbsent(r.clientId(), k -> new ArrayList<>()).add(raised);
                joined.putIfAbsent(r.clientId(), s.joined());
            }
        }
        // The storm's members join its incident together (written with it already when it was known).
        grouped.forEach((client, alerts) -> events.publishEvent(new AlertsGrouped(client, alerts, joined.get(client))));
        return answer;
    }

    private Set<UUID> insert(List<Raise> raises, List<UUID> ids, List<Standing> standings, Instant now) {
        int n = raises.size();
        String[] id = new String[n];
        String[] device = new String[n];
        String[] client = new String[n];
        String[] policy = new String[n];
        String[] instance = new String[n];
        Double[] value = new Double[n];
        String[] window = new String[n];
        String[] reason = new String[n];
        String[] snoozed = new String[n];
        Boolean[] grouped = new Boolean[n];
        String[] ticket = new String[n];
        for (int i = 0; i < n; i++) {
            Raise r = raises.get(i);
            Standing s = standings.get(i);
            id[i] = ids.get(i).toString();
            device[i] = r.deviceId().value().toString();
            client[i] = r.clientId().value().toString();
            policy[i] = r.policyId().toString();
            instance[i] = r.instance();
            value[i] = r.value();
            window[i] = s.window() == null ? null : s.window().toString();
            reason[i] = s.reason();
            snoozed[i] = s.snoozedUntil() == null ? null : s.snoozedUntil().toString();
            grouped[i] = s.grouped();
            ticket[i] = s.joined() == null ? null : s.joined().toString();
        }
        return new HashSet<>(jdbc.sql("""
                        INSERT INTO alert (id, device_id, client_id, policy_id, instance, state, opened_at, last_value, suppressed_by, suppressed_reason,
                                           snoozed_until, grouped, ticket_id)
                        SELECT CAST(i AS uuid), CAST(d AS uuid), CAST(c AS uuid), CAST(p AS uuid), n, 'OPEN', ?, v, CAST(w AS uuid), r,
                               CAST(z AS timestamptz), g, CAST(t AS uuid)
                        FROM unnest(CAST(? AS text[]), CAST(? AS text[]), CAST(? AS text[]), CAST(? AS text[]), CAST(? AS text[]), CAST(? AS float8[]),
                                    CAST(? AS text[]), CAST(? AS text[]), CAST(? AS text[]), CAST(? AS boolean[]), CAST(? AS text[]))
                             AS u(i, d, c, p, n, v, w, r, z, g, t)
                        ORDER BY d, p, n
                        ON CONFLICT (device_id, policy_id, instance) WHERE state = 'OPEN' DO NOTHING
                        RETURNING id""")
                .params(Timestamp.from(now), id, device, client, policy, instance, value, window, reason, snoozed, grouped, ticket)
                .query(UUID.class).list());
    }

    /** The incident of each key's latest alert resolved within the re-fire window, for the keys that have one. */
    private Map<Key, UUID> previousTickets(List<Raise> raises, Instant now) {
        if (raises.isEmpty()) {
            return Map.of();
        }
        Set<Key> wanted = new HashSet<>();
        for (Raise r : raises) {
            wanted.add(Key.of(r));
        }
        Map<Key, UUID> previous = new HashMap<>();
        jdbc.sql("""
                        SELECT DISTINCT ON (device_id, policy_id, instance) device_id, policy_id, instance, ticket_id FROM alert
                        WHERE device_id = ANY(CAST(? AS uuid[])) AND state = 'RESOLVED' AND ticket_id IS NOT NULL AND resolved_at >= ?
                        ORDER BY device_id, policy_id, instance, resolved_at DESC""")
                .params(RaiseContext.devices(raises), Timestamp.from(now.minus(properties.refireWindow())))
                .query(rs -> {
                    Key key = new Key(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3));
                    if (wanted.contains(key)) {
                        previous.put(key, rs.getObject(4, UUID.class));
                    }
                });
        return previous;
    }

    /** Resolves the open alerts of distinct keys, those that are open, and announces each. */
    private void clearAll(List<Clear> clears, Instant now) {
        if (clears.isEmpty()) {
            return;
        }
        Keyed<Clear> keyed = Keyed.of(clears, Clear::value);
        // The arrays are cast to uuid before they are unnested: compared as cast text, the keys could not use the open-alert
        // index under row-level security, and every clear read all open alerts (8.8 ms a statement at 3,000 open).
        List<AlertCleared> cleared = jdbc.sql("""
                        UPDATE alert a SET state = 'RESOLVED', resolved_at = ?, last_value = u.v, flapping = false
                        FROM unnest(CAST(CAST(? AS text[]) AS uuid[]), CAST(CAST(? AS text[]) AS uuid[]), CAST(? AS text[]),
                                    CAST(? AS float8[])) AS u(d, p, n, v)
                        WHERE a.device_id = u.d AND a.policy_id = u.p AND a.instance = u.n AND a.state = 'OPEN'
                        RETURNING a.id, a.ticket_id, a.grouped, a.device_id, a.policy_id, a.instance""")
                .params(Timestamp.from(now), keyed.device(), keyed.policy(), keyed.instance(), keyed.value())
                .query((rs, row) -> {
                    Clear c = keyed.at(rs, 4);
                    return new AlertCleared(rs.getObject(1, UUID.class), c.clientId(), rs.getObject(2, UUID.class), c.hostname(), c.policy(), c.metric(),
                            c.instance(), c.value(), null, rs.getBoolean(3), c.policyId());
                }).list();
        cleared.forEach(events::publishEvent);
    }

    /**
     * Marks open alerts of distinct keys flapping and announces each; a storm's alert is announced without its incident,
     * which is the storm's: one note per flapping member would bury it.
     */
    private void markFlapping(List<Flap> flaps) {
        if (flaps.isEmpty()) {
            return;
        }
        Keyed<Flap> keyed = Keyed.of(flaps, Flap::value);
        List<io.steward.server.alerting.AlertFlapping> flapping = jdbc.sql("""
                        UPDATE alert a SET flapping = true, last_value = u.v
                        FROM unnest(CAST(CAST(? AS text[]) AS uuid[]), CAST(CAST(? AS text[]) AS uuid[]), CAST(? AS text[]),
                                    CAST(? AS float8[])) AS u(d, p, n, v)
                        WHERE a.device_id = u.d AND a.policy_id = u.p AND a.instance = u.n AND a.state = 'OPEN'
                        RETURNING a.id, a.ticket_id, a.grouped, a.device_id, a.policy_id, a.instance""")
                .params(keyed.device(), keyed.policy(), keyed.instance(), keyed.value())
                .query((rs, row) -> {
                    Flap f = keyed.at(rs, 4);
                    return new io.steward.server.alerting.AlertFlapping(rs.getObject(1, UUID.class), f.clientId(),
                            rs.getBoolean(3) ? null : rs.getObject(2, UUID.class), f.policy(), f.instance(), properties.flapFlips(), properties.flapWindow());
                }).list();
        flapping.forEach(events::publishEvent);
    }

    /** The maintenance window covering the device (directly, through its site, or client-wide) at that instant, or null. */
    public UUID activeWindow(UUID client, UUID device, UUID site, Instant at) {
        return RaiseContext.covering(RaiseContext.windows(jdbc, new String[] {client.toString()}, at), client, device, site, at);
    }

    public static MaintenanceWindow window(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        java.sql.Time start = rs.getTime("start_time");
        String days = rs.getString("days");
        return new MaintenanceWindow(rs.getObject("id", UUID.class), rs.getObject("client_id", UUID.class), rs.getObject("device_id", UUID.class),
                rs.getTimestamp("starts_at").toInstant(), rs.getTimestamp("ends_at").toInstant(), rs.getString("reason"), rs.getString("created_by"),
                rs.getObject("site_id", UUID.class), rs.getString("recurrence"),
                days == null || days.isBlank() ? List.of() : List.of(days.split(",")), start == null ? null : start.toLocalTime(),
                (Integer) rs.getObject("duration_minutes"), rs.getString("zone"));
    }
}
