package io.steward.server.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.steward.server.identity.ApiTokenInfo;
import io.steward.server.identity.UserAccount;
import io.steward.server.identity.UserDirectory;
import io.steward.server.identity.UserDraft;
import io.steward.server.platform.PlatformProperties;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.Role;
import io.steward.server.shared.TenantContext;
import io.steward.server.shared.TenantScope;
import io.steward.server.shared.Viewer;
import io.steward.server.tenancy.Client;
import io.steward.server.tenancy.ClientDraft;
import io.steward.server.tenancy.ClientService;
import io.steward.server.tenancy.ClientStatus;
import io.steward.server.tenancy.ContactDraft;
import io.steward.server.tenancy.ContactService;
import io.steward.server.tenancy.Site;
import io.steward.server.tenancy.SiteDraft;
import io.steward.server.tenancy.SiteService;
import io.steward.server.servicedesk.Level;
import io.steward.server.servicedesk.TicketDraft;
import io.steward.server.servicedesk.TicketType;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Seeds the demo MSP once (when there are no users yet) and writes every demo login to
 * {@code demo-credentials.txt} (mode 0600): one line per user,
 * {@code user <email> <password> <role> <client name or -> <TOTP secret or ->} (the client name
 * may contain spaces; the TOTP secret is always the last field), and {@code admin_api_token=...}.
 */
@Component
@Order(10)
@EnableConfigurationProperties(DemoProperties.class)
class DemoSeeder implements ApplicationRunner {
    static final String FILE = "demo-credentials.txt";
    static final String ADMIN = "admin@demo.steward.test";
    /** Base32, as authenticator apps expect; generated per install. */
    private static final char[] BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();

    private final DemoProperties demo;
    private final PlatformProperties platform;
    private final UserDirectory users;
    private final ClientService clients;
    private final SiteService sites;
    private final ContactService contacts;
    private final TransactionTemplate tx;
    private final Environment environment;
    private final io.steward.server.contracts.ContractService contractsService;
    private final java.time.Clock clock;
    private final io.steward.server.servicedesk.TicketService tickets;
    private final io.steward.server.tenancy.MspService msp;
    private final SecureRandom random = new SecureRandom();
    private final DemoFleet fleet;
    private final DemoHistory history;
    private final DemoDeskKit deskKit;
    private final DemoAgents agents;
    private final DemoAutomation automation;
    private final DemoPatches patches;
    private final DemoTaskAgent taskAgent;
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(DemoSeeder.class);
    /** Who acts when the demo starts its agents on a later start (no person behind it). */
    private static final Viewer DEMO = new Viewer(new io.steward.server.shared.UserId(new java.util.UUID(0, 14)), "demo@steward.invalid",
            "Steward demo", Role.MSP_ADMIN, null, null, TenantScope.all(), false);

    DemoSeeder(DemoProperties demo, PlatformProperties platform, UserDirectory users, ClientService clients, SiteService sites,
               ContactService contacts, TransactionTemplate tx, Environment environment,
               io.steward.server.contracts.ContractService contractsService, java.time.Clock clock,
               io.steward.server.servicedesk.TicketService tickets, io.steward.server.tenancy.MspService msp, DemoFleet fleet,
               DemoHistory history, DemoAgents agents, DemoDeskKit deskKit, DemoAutomation automation, DemoTaskAgent taskAgent,
               DemoPatches patches) {
        this.patches = patches;
        this.automation = automation;
        this.taskAgent = taskAgent;
        this.deskKit = deskKit;
        this.fleet = fleet;
        this.history = history;
        this.agents = agents;
        this.tickets = tickets;
        this.msp = msp;
        this.contractsService = contractsService;
        this.clock = clock;
        this.demo = demo;
        this.platform = platform;
        this.users = users;
        this.clients = clients;
        this.sites = sites;
        this.contacts = contacts;
        this.tx = tx;
        this.environment = environment;
    }

    @Override
    public void run(ApplicationArguments args) throws IOException {
        if (!demo.enabled()) {
            return;
        }
        Path file = platform.home().toAbsolutePath().normalize().resolve(FILE);
        boolean fresh = TenantContext.callAsSystem(() -> !users.anyUserExists());
        List<DemoFleet.Member> members = null;
        DemoCast cast = null;
        java.util.Optional<java.util.UUID> standard = java.util.Optional.empty();
        if (fresh) {
            Seeded seeded = seedAll();
            write(file, seeded.lines());
            members = seeded.fleet();
            cast = seeded.cast();
            standard = automation(cast);
            patches(cast, members);
        }
        if (demo.liveAgents() > 0) {
            List<DemoFleet.Member> live = members != null ? members : fleet.load(platform.home().toAbsolutePath().normalize(), DEMO);
            agents.start(live.subList(0, Math.min(demo.liveAgents(), live.size())), demo.agentInterval());
            // The one live device that really runs (standard) scripts: enrolled, and given its first run, on a first start only.
            taskAgent.start(platform.home().toAbsolutePath().normalize(), cast == null ? null : cast.small().id(),
                    cast == null ? DEMO : cast.system(), standard);
        }
        String port = environment.getProperty("local.server.port", environment.getProperty("server.port", "8080"));
        System.out.println();
        System.out.println("  Steward demo is " + (fresh ? "ready" : "running on the demo data seeded earlier") + ": http://localhost:" + port + "/");
        System.out.println("  Demo logins (passwords, TOTP secret, admin API token): " + file
                + (Files.exists(file) ? "" : " (missing: it was deleted after the first start)"));
        System.out.println();
    }

    /** The fleet's patch scans; a failure there leaves the rest of the demo. */
    private void patches(DemoCast cast, List<DemoFleet.Member> members) {
        try {
            patches.seed(members);
            patches.serverPolicies(cast.system(), members);
            patches.backups(members);
        } catch (RuntimeException e) {
            log.error("Demo patch scans could not be seeded; the demo starts without them", e);
        }
    }

    /** The script library and the standard change; a failure there (a bug, a signer that did not start) leaves the rest of the demo. */
    private java.util.Optional<java.util.UUID> automation(DemoCast cast) {
        try {
            return automation.seed(cast);
        } catch (RuntimeException e) {
            log.error("Demo automation could not be seeded; the demo starts without it", e);
            return java.util.Optional.empty();
        }
    }

    /** The logins written for people, who the history is about, and the demo's devices (none without history or live agents). */
    private record Seeded(List<String> lines, DemoCast cast, List<DemoFleet.Member> fleet) {
    }

    /**
     * Today's demo data, the fleet and, when switched on, the history, in one transaction: the scheduled work (capacity
     * sums, stored monthly reports) sees the demo's clients only with their past, never between the two; a capacity pass
     * in between would mark last month as summed while its hours were not there yet. Should the past fail (a bug), the
     * demo starts with today's data alone, and says why. Timed, since every first start waits for it.
     */
    private Seeded seedAll() {
        Path home = platform.home().toAbsolutePath().normalize();
        boolean past = demo.history() || demo.liveAgents() > 0;
        try {
            return TenantContext.callAsSystem(() -> tx.execute(s -> {
                Seeded today = seed();
                return past ? new Seeded(today.lines(), today.cast(), seedPast(today.cast(), home)) : today;
            }));
        } catch (RuntimeException e) {
            if (!past) {
                throw e;
            }
            log.error("Demo history could not be seeded; the demo starts without it", e);
            return TenantContext.callAsSystem(() -> tx.execute(s -> seed()));
        }
    }

    private List<DemoFleet.Member> seedPast(DemoCast cast, Path home) {
        long t0 = System.nanoTime();
        try {
            List<DemoFleet.Member> members = fleet.enroll(cast, demo.history() ? history.start() : null, home);
            if (demo.history()) {
                DemoHistory.Summary h = history.seed(cast, members);
                log.info("Demo history seeded in {} ms: {} days, {} tickets ({} changes), {} time entries, {} outages, {} hourly and {} "
                                + "one-minute rollup rows, {} disk forecast(s)", (System.nanoTime() - t0) / 1_000_000, DemoHistory.DAYS,
                        h.tickets(), h.changes(), h.timeEntries(), h.alerts(), h.hourRows(), h.minuteRows(), h.forecasts());
            }
            return members;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private Seeded seed() {
        List<String> lines = new ArrayList<>();
        lines.add("# Steward demo logins. Format: user <email> <password> <role> <client name or -> <TOTP secret or ->");
        lines.add("# The client name may contain spaces; the TOTP secret is always the last field.");

        String adminSecret = totpSecret();
        String adminPassword = password();
        UserAccount admin = users.seed(new UserDraft(ADMIN, "Morgan Admin", Role.MSP_ADMIN, null, null, Set.of()), adminPassword, false,
                adminSecret);
        lines.add(line(ADMIN, adminPassword, Role.MSP_ADMIN, null, adminSecret));

        Viewer system = new Viewer(admin.id(), ADMIN, "Morgan Admin", Role.MSP_ADMIN, null, null, TenantScope.all(), false);
        msp.rename(system, "Summit Managed IT");
        Client small = client(system, "Northwind Dental", "America/New_York", "Two-chair dental practice; fully managed.");
        Client medium = client(system, "Alpine Logistics GmbH", "Europe/Berlin", "Freight forwarder, 3 depots; co-managed with in-house IT.");
        Client large = client(system, "Harbour City Council", "Australia/Sydney", "Local council, 400 staff; monitoring and service desk.");

        java.util.Map<String, Site> firstSites = new java.util.HashMap<>();
        firstSites.put(small.name(), site(system, small, "Main practice", "12 Elm Street", "Hartford", "06103", "US", null));
        firstSites.put(medium.name(), site(system, medium, "Head office", "Industriestrasse 4", "Munich", "80339", "DE", null));
        site(system, medium, "Depot Nuremberg", "Hafenstrasse 20", "Nuremberg", "90451", "DE", null);
        site(system, medium, "Depot Leipzig", "Am Güterbahnhof 7", "Leipzig", "04129", "DE", null);
        firstSites.put(large.name(), site(system, large, "Civic Centre", "1 Harbour Road", "Newcastle", "2300", "AU", null));
        site(system, large, "Works Depot", "88 Industrial Drive", "Mayfield", "2304", "AU", null);
        site(system, large, "Perth liaison office", "5 St Georges Tce", "Perth", "6000", "AU", "Australia/Perth");

        contact(system, small, "Dana", "Reyes", "dana.reyes@northwind-dental.example", "Practice manager", true);
        contact(system, small, "Sam", "Okafor", "sam.okafor@northwind-dental.example", "Dentist", false);
        contact(system, medium, "Jonas", "Weber", "j.weber@alpine-logistics.example", "Head of IT", true);
        contact(system, medium, "Lena", "Fischer", "l.fischer@alpine-logistics.example", "CFO", false);
        contact(system, medium, "Tobias", "Klein", "t.klein@alpine-logistics.example", "Depot lead", false);
        contact(system, large, "Priya", "Sharma", "priya.sharma@harbourcity.example", "ICT manager", true);
        contact(system, large, "Liam", "O'Brien", "liam.obrien@harbourcity.example", "Records officer", false);
        contact(system, large, "Mia", "Nguyen", "mia.nguyen@harbourcity.example", "Service desk lead", false);

        contract(system, small, "MSA-2024-017", "Standard", io.steward.server.contracts.DeliveryModel.FULLY_MANAGED,
                io.steward.server.contracts.PricingModel.PER_USER, "45.00", "USD");
        contract(system, medium, "SOW-ALP-2025-03", "Premium", io.steward.server.contracts.DeliveryModel.CO_MANAGED,
                io.steward.server.contracts.PricingModel.PER_DEVICE, "29.50", "EUR");
        contract(system, large, "HCC-ICT-2023-11", "Basic", io.steward.server.contracts.DeliveryModel.MONITORING_ONLY,
                io.steward.server.contracts.PricingModel.FLAT_FEE, "8200.00", "AUD");

        java.util.Map<String, UserAccount> people = new java.util.LinkedHashMap<>();
        people.put(ADMIN, admin);
        staff(people, lines, "manager@demo.steward.test", "Riley Manager", Role.SERVICE_MANAGER, null, Set.of());
        staff(people, lines, "tier1@demo.steward.test", "Alex Tier-One", Role.TECHNICIAN, 1, Set.of());
        staff(people, lines, "tier2@demo.steward.test", "Jamie Tier-Two", Role.TECHNICIAN, 2, Set.of());
        staff(people, lines, "tier3@demo.steward.test", "Casey Tier-Three", Role.TECHNICIAN, 3, Set.of());
        staff(people, lines, "scoped@demo.steward.test", "Robin Scoped", Role.TECHNICIAN, 1, Set.of(medium.id()));

        portal(people, lines, "dana.reyes@northwind-dental.example", "Dana Reyes", small);
        portal(people, lines, "j.weber@alpine-logistics.example", "Jonas Weber", medium);
        portal(people, lines, "priya.sharma@harbourcity.example", "Priya Sharma", large);

        demoTickets(system, small, medium, large);
        deskKit.seed(system, medium);

        String token = users.seedToken(admin.id(), "demo admin token", ApiTokenInfo.Access.READ_WRITE, Duration.ofDays(90));
        lines.add("admin_api_token=" + token);
        return new Seeded(lines, new DemoCast(system, small, medium, large, firstSites, people), List.of());
    }

    private void contract(Viewer system, Client client, String reference, String tierName, io.steward.server.contracts.DeliveryModel model,
                          io.steward.server.contracts.PricingModel pricing, String amount, String currency) {
        var tier = contractsService.tiers(system).stream().filter(t -> t.name().equals(tierName)).findFirst().orElseThrow();
        java.time.LocalDate start = clock.instant().atZone(java.time.ZoneId.of(client.timeZone())).toLocalDate().minusMonths(6).withDayOfMonth(1);
        contractsService.createContract(system, client.id(), new io.steward.server.contracts.ContractDraft(reference, model, tier.id().value(), null,
                start, null, start.plusYears(1), null, "All managed workstations and servers", "Line-of-business application support",
                pricing, new java.math.BigDecimal(amount), currency));
    }

    private void demoTickets(Viewer system, Client small, Client medium, Client large) {
        ticket(system, small, TicketType.INCIDENT, "Reception printer shows offline", "Since this morning nothing prints at the front desk.",
                Level.MEDIUM, Level.MEDIUM);
        var scanners = ticket(system, medium, TicketType.INCIDENT, "Warehouse scanners cannot reach the WMS",
                "All handheld scanners in Nuremberg fail to sync; loading is on hold.", Level.HIGH, Level.HIGH);
        scanners = tickets.escalate(system, scanners.id(), "Network side: needs tier 2", scanners.version());
        scanners = tickets.reply(system, scanners.id(), "We are on it: the depot switch lost its VLAN configuration.", false);
        tickets.changeStatus(system, scanners.id(), io.steward.server.servicedesk.TicketStatus.IN_PROGRESS, scanners.version());
        var laptop = ticket(system, medium, TicketType.SERVICE_REQUEST, "Laptop for new starter in accounting",
                "Starts on the 1st; needs the standard finance image.", Level.LOW, Level.MEDIUM);
        laptop = tickets.reply(system, laptop.id(), "Which cost centre should the laptop be booked to?", false);
        tickets.changeStatus(system, laptop.id(), io.steward.server.servicedesk.TicketStatus.WAITING_ON_CLIENT, laptop.version());
        ticket(system, large, TicketType.INCIDENT, "Outlook keeps asking for the password", "Several users at the Works Depot since the update.",
                Level.MEDIUM, Level.HIGH);
        var share = ticket(system, large, TicketType.SERVICE_REQUEST, "Access to the planning share for M. Nguyen", "", Level.LOW, Level.LOW);
        tickets.changeStatus(system, share.id(), io.steward.server.servicedesk.TicketStatus.RESOLVED,
                "Granted M. Nguyen read and write access to the planning share.", share.version());
    }

    private io.steward.server.servicedesk.TicketView ticket(Viewer system, Client client, TicketType type, String title, String description,
                                                        Level impact, Level urgency) {
        return tickets.create(system, new TicketDraft(client.id().value(), null, null, type, title, description, "", impact, urgency, null, null,
                io.steward.server.servicedesk.TicketSource.PHONE, null));
    }

    private Client client(Viewer system, String name, String zone, String notes) {
        return clients.create(system, new ClientDraft(name, zone, ClientStatus.ACTIVE, notes, false));
    }

    private Site site(Viewer system, Client client, String name, String address, String city, String postal, String country, String zone) {
        return sites.create(system, client.id(), new SiteDraft(name, address, city, postal, country, zone, ""));
    }

    private void contact(Viewer system, Client client, String first, String last, String email, String title, boolean primary) {
        contacts.create(system, client.id(), new ContactDraft(first, last, email, "", title, null, primary));
    }

    private void staff(java.util.Map<String, UserAccount> people, List<String> lines, String email, String name, Role role, Integer tier,
                       Set<ClientId> scope) {
        String pw = password();
        people.put(email, users.seed(new UserDraft(email, name, role, tier, null, scope), pw, false, null));
        lines.add(line(email, pw, role, null, null));
    }

    private void portal(java.util.Map<String, UserAccount> people, List<String> lines, String email, String name, Client client) {
        String pw = password();
        people.put(email, users.seed(new UserDraft(email, name, Role.CLIENT_USER, null, client.id(), Set.of()), pw, false, null));
        lines.add(line(email, pw, Role.CLIENT_USER, client.name(), null));
    }

    private static String line(String email, String password, Role role, String client, String totp) {
        return "user " + email + " " + password + " " + role.name() + " " + (client == null ? "-" : client) + " " + (totp == null ? "-" : totp);
    }

    private String password() {
        char[] alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789".toCharArray();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 16; i++) {
            sb.append(alphabet[random.nextInt(alphabet.length)]);
        }
        return sb.toString();
    }

    private String totpSecret() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 32; i++) {
            sb.append(BASE32[random.nextInt(BASE32.length)]);
        }
        return sb.toString();
    }

    static void write(Path file, List<String> lines) throws IOException {
        Files.deleteIfExists(file);
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file);
        }
        Files.write(file, lines, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
    }

}
