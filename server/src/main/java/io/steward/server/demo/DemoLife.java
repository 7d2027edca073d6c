package io.steward.server.demo;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import io.steward.server.servicedesk.Level;
import io.steward.server.servicedesk.TicketImport;
import io.steward.server.servicedesk.TicketImport.Event;
import io.steward.server.servicedesk.TicketImport.Event.Kind;
import io.steward.server.servicedesk.TicketSource;
import io.steward.server.servicedesk.TicketStatus;
import io.steward.server.servicedesk.TicketType;
import io.steward.server.shared.DeviceId;
import io.steward.server.tenancy.Client;

/**
 * One demo ticket's life as the import takes it: opened, assigned, answered, perhaps waiting on the client, resolved,
 * perhaps reopened, closed; or late (a breach). Events that would lie after now are left out, so the youngest tickets
 * are still open in one state or another. Also the time a technician logged on it.
 */
record DemoLife(Instant opened, TicketImport.Item item, String workedBy, int minutesWorked, LocalDate workedOn, Outage outage) {

    /** The device outage an incident was about. */
    record Outage(DeviceId device, Instant from, Instant to) {
    }

    private static final String[][] INCIDENTS = {
            {"Printer in reception prints blank pages", "Toner was replaced last week; pages come out empty."},
            {"VPN drops every few minutes", "Working from home; the VPN disconnects and reconnects all morning."},
            {"Outlook does not open", "Outlook hangs on the splash screen after the update."},
            {"Cannot reach the shared drive", "The S: drive shows a red cross since this morning."},
            {"Laptop very slow after update", "Takes ten minutes to start; fan is loud."},
            {"Wi-Fi in the meeting room keeps dropping", "Guests and staff lose the connection every few minutes."},
            {"Phone system: no dial tone on two desks", "Handsets show 'registering'."},
            {"Scanner to email stopped working", "Scans do not arrive; the device shows an SMTP error."},
            {"Teams calls have no audio", "Others cannot hear me in Teams calls; the headset works elsewhere."},
            {"Password expired and locked out", "Tried to change it from home and now the account is locked."}};
    private static final String[][] REQUESTS = {
            {"New starter: account and laptop", "Starts Monday; needs the standard image and a mailbox."},
            {"Access to the finance folder", "Needs read access for the audit."},
            {"Install Adobe Acrobat Pro", "Licence is bought; please install on the front-desk PC."},
            {"Leaver: disable account", "Last day is Friday; forward mail to the manager."},
            {"Second monitor for a workstation", "A spare one is in the store room."},
            {"Shared mailbox for the projects team", "Members: the project leads."}};
    private static final Level[] LEVELS = {Level.LOW, Level.LOW, Level.MEDIUM, Level.MEDIUM, Level.MEDIUM, Level.HIGH};

    /** An ordinary ticket of a client, opened at {@code opened}. */
    static DemoLife ordinary(Client client, Instant opened, Instant now, Random r, DemoCast cast) {
        boolean incident = r.nextInt(10) < 7;
        String[] what = incident ? INCIDENTS[r.nextInt(INCIDENTS.length)] : REQUESTS[r.nextInt(REQUESTS.length)];
        Level impact = LEVELS[r.nextInt(LEVELS.length)];
        Level urgency = LEVELS[r.nextInt(LEVELS.length)];
        String tech = impact == Level.HIGH ? DemoCast.TIER2 : r.nextInt(5) == 0 ? DemoCast.TIER3 : DemoCast.TIER1;
        Timeline t = new Timeline(opened, now);
        t.after(Duration.ofMinutes(5 + r.nextInt(50))).assign(cast.person(tech).id().value(), TicketStatus.ASSIGNED);
        t.after(Duration.ofMinutes(5 + r.nextInt(80))).reply(true, "Thanks, we are looking into it.");
        t.status(TicketStatus.IN_PROGRESS);
        if (r.nextInt(4) == 0) {
            t.after(Duration.ofMinutes(30 + r.nextInt(180))).reply(true, "Could you tell us when it last worked, and send a screenshot?");
            t.status(TicketStatus.WAITING_ON_CLIENT);
            t.after(Duration.ofMinutes(120 + r.nextInt(24 * 60))).reply(false, "It last worked on Friday; screenshot attached.");
            t.status(TicketStatus.IN_PROGRESS);
        }
        boolean late = r.nextInt(12) == 0;
        t.after(late ? Duration.ofHours(72 + r.nextInt(72)) : Duration.ofMinutes(60 + r.nextInt(7 * 60)));
        t.reply(true, late ? "Fixed at last; sorry for the wait, the part had to be ordered." : "This is fixed now; please let us know if not.");
        t.status(TicketStatus.RESOLVED);
        if (r.nextInt(16) == 0) {
            t.after(Duration.ofHours(20 + r.nextInt(24))).reply(false, "It is happening again.");
            t.status(TicketStatus.IN_PROGRESS);
            t.after(Duration.ofMinutes(90 + r.nextInt(300))).reply(true, "Found the real cause this time and fixed it.");
            t.status(TicketStatus.RESOLVED);
        }
        t.after(Duration.ofDays(3)).status(TicketStatus.CLOSED);
        TicketImport.Item item = new TicketImport.Item(null, client.id().value(), incident ? TicketType.INCIDENT : TicketType.SERVICE_REQUEST,
                what[0], what[1], impact, urgency, null, opened, r.nextBoolean() ? TicketSource.EMAIL : TicketSource.PHONE, t.events);
        return new DemoLife(opened, item, t.worked ? tech : null, 15 + r.nextInt(8) * 15, t.workedOn(), null);
    }

    /** The incident an outage raised: opened by the offline alert, worked by tier 2, resolved when the device came back. */
    static DemoLife outage(Client client, String host, Outage outage, Instant now, DemoCast cast) {
        Timeline t = new Timeline(outage.from(), now);
        t.after(Duration.ofMinutes(10)).assign(cast.person(DemoCast.TIER2).id().value(), TicketStatus.ASSIGNED);
        t.after(Duration.ofMinutes(15)).reply(true, host + " does not answer; we are on it.");
        t.status(TicketStatus.IN_PROGRESS);
        t.at = outage.to().plus(Duration.ofMinutes(10));
        t.note("Alert cleared: " + host + " reports again.");
        t.reply(true, host + " is back; the cause was a failed power supply, replaced.");
        t.status(TicketStatus.RESOLVED);
        t.after(Duration.ofDays(3)).status(TicketStatus.CLOSED);
        TicketImport.Item item = new TicketImport.Item(null, client.id().value(), TicketType.INCIDENT, "Device offline on " + host,
                "agent.offline: no heartbeat from " + host + ".", Level.HIGH, Level.HIGH, null, outage.from(), TicketSource.ALERT, t.events);
        return new DemoLife(outage.from(), item, DemoCast.TIER2, 30 + (int) Math.min(600, Duration.between(outage.from(), outage.to()).toMinutes() / 4),
                t.workedOn(), outage);
    }

    /** Events from the opening on, each at the cursor; none after now. */
    private static final class Timeline {
        final List<Event> events = new ArrayList<>();
        final Instant now;
        final Instant opened;
        Instant at;
        Instant lastWorked;
        boolean worked;

        Timeline(Instant opened, Instant now) {
            this.at = opened;
            this.opened = opened;
            this.now = now;
        }

        Timeline after(Duration d) {
            at = at.plus(d);
            return this;
        }

        private void add(Event e) {
            if (!at.isAfter(now)) {
                events.add(e);
            }
        }

        void assign(UUID who, TicketStatus status) {
            add(new Event(at, Kind.ASSIGNED, null, null, true, null, null, who));
            add(new Event(at, Kind.STATUS, status, null, true, null, null));
        }

        Timeline reply(boolean staff, String body) {
            add(new Event(at, Kind.PUBLIC_REPLY, null, null, staff, body, staff ? null : "client"));
            return this;
        }

        void note(String body) {
            add(new Event(at, Kind.INTERNAL_NOTE, null, null, true, body, null));
        }

        void status(TicketStatus s) {
            add(new Event(at, Kind.STATUS, s, null, true, null, null));
            if (s == TicketStatus.IN_PROGRESS && !at.isAfter(now)) {
                worked = true;
            }
            if (s == TicketStatus.RESOLVED && !at.isAfter(now)) {
                lastWorked = at;
            }
        }

        LocalDate workedOn() {
            return (lastWorked != null ? lastWorked : events.isEmpty() ? opened : events.getLast().at()).atZone(ZoneOffset.UTC).toLocalDate();
        }
    }
}
