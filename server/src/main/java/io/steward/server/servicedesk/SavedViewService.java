package io.steward.server.servicedesk;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import io.steward.server.contracts.Priority;
import io.steward.server.servicedesk.internal.SavedViewRepository;
import io.steward.server.servicedesk.internal.TicketRepository;
import io.steward.server.shared.ConflictException;
import io.steward.server.shared.ForbiddenException;
import io.steward.server.shared.InvalidInputException;
import io.steward.server.shared.NotFoundException;
import io.steward.server.shared.PageQuery;
import io.steward.server.shared.Viewer;
import org.springframework.stereotype.Service;

/**
 * Each staff member's saved ticket views. A view keeps only filters, checked like the queue checks them; what it finds
 * is found in the scope of whoever opens it, so nobody else's views are ever read or changed.
 */
@Service
public class SavedViewService {
    private static final int MAX_VALUE = 200;

    private final SavedViewRepository views;
    private final Clock clock;

    public SavedViewService(SavedViewRepository views, Clock clock) {
        this.views = views;
        this.clock = clock;
    }

    /** The viewer's saved views by name. */
    public List<SavedView> list(Viewer viewer) {
        staff(viewer);
        return views.list(viewer.userId().value()).stream().map(r -> new SavedView(r.id(), r.name(), parse(r.filters()), r.filters())).toList();
    }

    /** Saves a view for the viewer; 409 when they already have one of that name. */
    public SavedView save(Viewer viewer, SavedViewDraft draft) {
        staff(viewer);
        if (draft.name() == null || draft.name().isBlank() || draft.name().strip().length() > 100) {
            throw new InvalidInputException("name", "Give the view a name of at most 100 characters.");
        }
        Map<String, String> filters = validate(draft.filters() == null ? Map.of() : draft.filters());
        String query = query(filters);
        SavedViewRepository.Row row = new SavedViewRepository.Row(UUID.randomUUID(), draft.name().strip(), query);
        if (!views.insert(viewer.userId().value(), row, clock.instant())) {
            throw new ConflictException("name", "You already have a view called '" + row.name() + "'.");
        }
        return new SavedView(row.id(), row.name(), filters, query);
    }

    /** Deletes one of the viewer's own views; another user's is 404, as if it did not exist. */
    public void delete(Viewer viewer, UUID id) {
        staff(viewer);
        if (!views.delete(viewer.userId().value(), id)) {
            throw new NotFoundException("No such saved view.");
        }
    }

    private static void staff(Viewer viewer) {
        if (!viewer.isStaff()) {
            throw new ForbiddenException("Saved views are for the service desk's queue.");
        }
    }

    /** The filters in {@link SavedView#KEYS} order, blank ones left out; 400 for an unknown key or value. */
    static Map<String, String> validate(Map<String, String> given) {
        for (String key : given.keySet()) {
            if (!SavedView.KEYS.contains(key)) {
                throw new InvalidInputException("filters", "A view keeps only " + String.join(", ", SavedView.KEYS) + "; not '" + key + "'.");
            }
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (String key : SavedView.KEYS) {
            String v = given.get(key);
            if (v == null || v.isBlank()) {
                continue;
            }
            v = v.strip();
            if (v.length() > MAX_VALUE) {
                throw new InvalidInputException("filters", key + " is longer than " + MAX_VALUE + " characters.");
            }
            check(key, v);
            out.put(key, v);
        }
        return out;
    }

    private static void check(String key, String v) {
        String upper = v.toUpperCase(Locale.ROOT);
        boolean ok = switch (key) {
            case "view" -> SavedView.VIEWS.contains(v);
            case "sort" -> PageQuery.of(0, 1, v, TicketRepository.SORTABLE, "slaDue") != null;
            case "status" -> "ALL".equals(upper) || java.util.Arrays.stream(upper.split(",")).allMatch(s -> isStatus(s.strip()));
            case "priority" -> java.util.Arrays.stream(Priority.values()).anyMatch(p -> p.name().equals(upper));
            case "tier" -> v.matches("[123]");
            case "clientId" -> isUuid(v);
            case "assignee" -> "ME".equals(upper) || "NONE".equals(upper) || isUuid(v);
            case "sla" -> TicketFilter.STANDINGS.contains(upper);
            default -> true;
        };
        if (!ok) {
            throw new InvalidInputException("filters", "'" + v + "' is not a valid " + key + ".");
        }
    }

    private static boolean isStatus(String s) {
        return java.util.Arrays.stream(TicketStatus.values()).anyMatch(t -> t.name().equals(s));
    }

    private static boolean isUuid(String s) {
        try {
            UUID.fromString(s);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    static String query(Map<String, String> filters) {
        return String.join("&", filters.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).toList());
    }

    static Map<String, String> parse(String query) {
        Map<String, String> out = new LinkedHashMap<>();
        if (query.isEmpty()) {
            return out;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            out.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }
}
