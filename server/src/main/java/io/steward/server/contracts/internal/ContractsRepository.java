package io.steward.server.contracts.internal;

import java.math.BigDecimal;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.MonthDay;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.steward.server.contracts.CalendarDefinition;
import io.steward.server.contracts.Contract;
import io.steward.server.contracts.DeliveryModel;
import io.steward.server.contracts.Holiday;
import io.steward.server.contracts.PricingModel;
import io.steward.server.contracts.Priority;
import io.steward.server.contracts.PriorityTarget;
import io.steward.server.contracts.ServiceTier;
import io.steward.server.contracts.WorkingPeriod;
import io.steward.server.shared.CalendarId;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.ContractId;
import io.steward.server.shared.TenantScope;
import io.steward.server.shared.TierId;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectMapper;

/** SQL for calendars, tiers (MSP-wide) and contracts (scoped by client). */
@Repository
public class ContractsRepository {
    private static final String CONTRACT_IN_SCOPE = TenantScope.sqlCondition("client_id");

    record PeriodJson(String day, String start, String end) {
    }

    record HolidayJson(String name, String yearly, String date) {
    }

    private final JdbcClient jdbc;
    private final ObjectMapper json;

    public ContractsRepository(JdbcClient jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    // ---- calendars

    public List<CalendarDefinition> calendars() {
        return jdbc.sql("SELECT * FROM coverage_calendar ORDER BY lower(name)").query(this::mapCalendar).list();
    }

    public Optional<CalendarDefinition> calendar(CalendarId id) {
        return jdbc.sql("SELECT * FROM coverage_calendar WHERE id = ?").param(id.value()).query(this::mapCalendar).optional();
    }

    public void insertCalendar(CalendarDefinition c, Instant now) {
        jdbc.sql("""
                INSERT INTO coverage_calendar (id, name, time_zone, always_on, periods, holidays, created_at, updated_at)
                VALUES (?, ?, ?, ?, CAST(? AS jsonb), CAST(? AS jsonb), ?, ?)""")
                .params(c.id().value(), c.name(), c.timeZone(), c.alwaysOn(), periodsJson(c.periods()), holidaysJson(c.holidays()),
                        Timestamp.from(now), Timestamp.from(now))
                .update();
    }

    public boolean updateCalendar(CalendarDefinition c, int expectedVersion, Instant now) {
        return jdbc.sql("""
                UPDATE coverage_calendar SET name = ?, time_zone = ?, always_on = ?, periods = CAST(? AS jsonb), holidays = CAST(? AS jsonb),
                    updated_at = ?, version = version + 1 WHERE id = ? AND version = ?""")
                .params(c.name(), c.timeZone(), c.alwaysOn(), periodsJson(c.periods()), holidaysJson(c.holidays()), Timestamp.from(now),
                        c.id().value(), expectedVersion)
                .update() == 1;
    }

    private CalendarDefinition mapCalendar(ResultSet rs, int n) throws SQLException {
        List<PeriodJson> periods = json.readValue(rs.getString("periods"), new TypeReference<List<PeriodJson>>() { });
        List<HolidayJson> holidays = json.readValue(rs.getString("holidays"), new TypeReference<List<HolidayJson>>() { });
        return new CalendarDefinition(new CalendarId(rs.getObject("id", UUID.class)), rs.getString("name"), rs.getString("time_zone"),
                rs.getBoolean("always_on"),
                periods.stream().map(p -> new WorkingPeriod(DayOfWeek.valueOf(p.day()), LocalTime.parse(p.start()), LocalTime.parse(p.end())))
                        .toList(),
                holidays.stream().map(h -> h.yearly() != null ? Holiday.yearly(h.name(), MonthDay.parse(h.yearly()))
                        : Holiday.once(h.name(), LocalDate.parse(h.date()))).toList(),
                rs.getInt("version"));
    }

    private String periodsJson(List<WorkingPeriod> periods) {
        return json.writeValueAsString(periods.stream().map(p -> new PeriodJson(p.day().name(), p.start().toString(), p.end().toString())).toList());
    }

    private String holidaysJson(List<Holiday> holidays) {
        return json.writeValueAsString(holidays.stream().map(h -> new HolidayJson(h.name(), h.yearly() == null ? null : h.yearly().toString(),
                h.date() == null ? null : h.date().toString())).toList());
    }

    // ---- tiers

    public List<ServiceTier> tiers() {
        return jdbc.sql("SELECT * FROM service_tier ORDER BY lower(name)").query(this::mapTier).list();
    }

    public Optional<ServiceTier> tier(TierId id) {
        return jdbc.sql("SELECT * FROM service_tier WHERE id = ?").param(id.value()).query(this::mapTier).optional();
    }

    public void insertTier(ServiceTier t, Instant now) {
        jdbc.sql("INSERT INTO service_tier (id, name, description, calendar_id, uptime_target, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)")
                .params(t.id().value(), t.name(), t.description(), t.calendarId().value(), t.uptimeTarget(), Timestamp.from(now), Timestamp.from(now))
                .update();
        replaceTargets(t);
    }

    public boolean updateTier(ServiceTier t, int expectedVersion, Instant now) {
        int rows = jdbc.sql("""
                UPDATE service_tier SET name = ?, description = ?, calendar_id = ?, uptime_target = ?, updated_at = ?, version = version + 1
                WHERE id = ? AND version = ?""")
                .params(t.name(), t.description(), t.calendarId().value(), t.uptimeTarget(), Timestamp.from(now), t.id().value(), expectedVersion)
                .update();
        if (rows == 1) {
            replaceTargets(t);
        }
        return rows == 1;
    }

    private void replaceTargets(ServiceTier t) {
        jdbc.sql("DELETE FROM sla_target WHERE tier_id = ?").param(t.id().value()).update();
        for (PriorityTarget p : t.targets()) {
            jdbc.sql("INSERT INTO sla_target (tier_id, priority, response_minutes, resolution_minutes, around_the_clock) VALUES (?, ?, ?, ?, ?)")
                    .params(t.id().value(), p.priority().level(), (int) p.response().toMinutes(), (int) p.resolution().toMinutes(), p.aroundTheClock())
                    .update();
        }
    }

    private ServiceTier mapTier(ResultSet rs, int n) throws SQLException {
        UUID id = rs.getObject("id", UUID.class);
        List<PriorityTarget> targets = jdbc.sql("SELECT * FROM sla_target WHERE tier_id = ? ORDER BY priority").param(id)
                .query((t, i) -> new PriorityTarget(Priority.ofLevel(t.getInt("priority")), Duration.ofMinutes(t.getInt("response_minutes")),
                        Duration.ofMinutes(t.getInt("resolution_minutes")), t.getBoolean("around_the_clock")))
                .list();
        return new ServiceTier(new TierId(id), rs.getString("name"), rs.getString("description"),
                new CalendarId(rs.getObject("calendar_id", UUID.class)), rs.getBigDecimal("uptime_target"), targets, rs.getInt("version"));
    }

    // ---- contracts

    public List<Contract> contractsOf(TenantScope scope, ClientId client) {
        List<Object> params = new ArrayList<>(scope.sqlParams());
        params.add(client.value());
        return jdbc.sql("SELECT * FROM contract WHERE " + CONTRACT_IN_SCOPE + " AND client_id = ? ORDER BY starts_on DESC, reference")
                .params(params).query(ContractsRepository::mapContract).list();
    }

    /** The contract in force on a day with the versions of the tier and calendar its terms come from. */
    public record TermsSource(Contract contract, TierId tierId, int tierVersion, CalendarId calendarId, int calendarVersion) {
    }

    /**
     * One round trip for what the SLA of a new ticket needs to know: the client's contract active on
     * {@code day} (the latest started, as {@link Contract#activeOn} and the contract list order say),
     * its tier's version and the version of the calendar in force (the contract's, else the tier's).
     */
    public Optional<TermsSource> termsSource(TenantScope scope, ClientId client, LocalDate day) {
        List<Object> params = new ArrayList<>(scope.sqlParams());
        params.add(client.value());
        params.add(day);
        params.add(day);
        return jdbc.sql("""
                SELECT c.*, t.version AS tier_version, cal.id AS terms_calendar_id, cal.version AS calendar_version
                FROM contract c
                JOIN service_tier t ON t.id = c.tier_id
                JOIN coverage_calendar cal ON cal.id = coalesce(c.calendar_id, t.calendar_id)
                WHERE %s AND c.client_id = ? AND c.starts_on <= ? AND (c.ends_on IS NULL OR c.ends_on >= ?)
                ORDER BY c.starts_on DESC, c.reference LIMIT 1""".formatted(TenantScope.sqlCondition("c.client_id")))
                .params(params)
                .query((rs, n) -> {
                    Contract c = mapContract(rs, n);
                    return new TermsSource(c, c.tierId(), rs.getInt("tier_version"), new CalendarId(rs.getObject("terms_calendar_id", UUID.class)),
                            rs.getInt("calendar_version"));
                })
                .optional();
    }

    public Optional<Contract> contract(TenantScope scope, ContractId id) {
        List<Object> params = new ArrayList<>(scope.sqlParams());
        params.add(id.value());
        return jdbc.sql("SELECT * FROM contract WHERE " + CONTRACT_IN_SCOPE + " AND id = ?").params(params)
                .query(ContractsRepository::mapContract).optional();
    }

    public void insertContract(Contract c, Instant now) {
        jdbc.sql("""
                INSERT INTO contract (id, client_id, reference, delivery_model, tier_id, calendar_id, starts_on, ends_on, renews_on,
                    uptime_target, scope, exclusions, pricing_model, price_amount, currency, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(contractParams(c, now, true))
                .update();
    }

    public boolean updateContract(TenantScope scope, Contract c, int expectedVersion, Instant now) {
        List<Object> params = new ArrayList<>(contractParams(c, now, false));
        params.addAll(scope.sqlParams());
        params.add(c.id().value());
        params.add(expectedVersion);
        return jdbc.sql("""
                UPDATE contract SET reference = ?, delivery_model = ?, tier_id = ?, calendar_id = ?, starts_on = ?, ends_on = ?, renews_on = ?,
                    uptime_target = ?, scope = ?, exclusions = ?, pricing_model = ?, price_amount = ?, currency = ?, updated_at = ?,
                    version = version + 1
                WHERE """ + CONTRACT_IN_SCOPE + " AND id = ? AND version = ?")
                .params(params).update() == 1;
    }

    public boolean deleteContract(TenantScope scope, ContractId id) {
        List<Object> params = new ArrayList<>(scope.sqlParams());
        params.add(id.value());
        return jdbc.sql("DELETE FROM contract WHERE " + CONTRACT_IN_SCOPE + " AND id = ?").params(params).update() == 1;
    }

    private static List<Object> contractParams(Contract c, Instant now, boolean insert) {
        List<Object> p = new ArrayList<>();
        if (insert) {
            p.add(c.id().value());
            p.add(c.clientId().value());
        }
        p.add(c.reference());
        p.add(c.deliveryModel().name());
        p.add(c.tierId().value());
        p.add(c.calendarId() == null ? null : c.calendarId().value());
        p.add(Date.valueOf(c.startsOn()));
        p.add(c.endsOn() == null ? null : Date.valueOf(c.endsOn()));
        p.add(c.renewsOn() == null ? null : Date.valueOf(c.renewsOn()));
        p.add(c.uptimeTarget());
        p.add(c.scope());
        p.add(c.exclusions());
        p.add(c.pricingModel().name());
        p.add(c.priceAmount());
        p.add(c.currency());
        p.add(Timestamp.from(now));
        if (insert) {
            p.add(Timestamp.from(now));
        }
        return p;
    }

    private static Contract mapContract(ResultSet rs, int n) throws SQLException {
        UUID calendar = rs.getObject("calendar_id", UUID.class);
        Date ends = rs.getDate("ends_on");
        Date renews = rs.getDate("renews_on");
        BigDecimal uptime = rs.getBigDecimal("uptime_target");
        return new Contract(new ContractId(rs.getObject("id", UUID.class)), new ClientId(rs.getObject("client_id", UUID.class)),
                rs.getString("reference"), DeliveryModel.valueOf(rs.getString("delivery_model")), new TierId(rs.getObject("tier_id", UUID.class)),
                calendar == null ? null : new CalendarId(calendar), rs.getDate("starts_on").toLocalDate(), ends == null ? null : ends.toLocalDate(),
                renews == null ? null : renews.toLocalDate(), uptime, rs.getString("scope"), rs.getString("exclusions"),
                PricingModel.valueOf(rs.getString("pricing_model")), rs.getBigDecimal("price_amount"), rs.getString("currency").trim(),
                rs.getInt("version"));
    }
}
