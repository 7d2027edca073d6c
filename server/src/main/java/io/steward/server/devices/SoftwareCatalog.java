package io.steward.server.devices;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.steward.protocol.Messages;
import io.steward.server.devices.internal.SoftwareRepository;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.DeviceId;
import io.steward.server.shared.InvalidInputException;
import io.steward.server.shared.Page;
import io.steward.server.shared.PageQuery;
import io.steward.server.shared.Viewer;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The software installed across a client's fleet, searchable by package name. Each inventory
 * replaces its device's rows, so the catalogue says what the agents last reported, nothing older.
 */
@Service
public class SoftwareCatalog {
    private static final int MAX_PACKAGES = 20_000;
    private static final int MAX_TEXT = 300;

    private final SoftwareRepository repository;

    public SoftwareCatalog(SoftwareRepository repository) {
        this.repository = repository;
    }

    /** Replaces what a device has installed; runs in the inventory's transaction. */
    @org.springframework.context.event.EventListener
    void replace(InventoryReceived received) {
        DeviceId device = received.device().deviceId();
        ClientId client = received.device().clientId();
        List<Messages.Software> software = received.inventory().software();
        if (software == null || software.isEmpty()) {
            repository.replace(device, client, List.of(), List.of(), List.of());
            return;
        }
        List<String> names = new ArrayList<>();
        List<String> versions = new ArrayList<>();
        List<String> vendors = new ArrayList<>();
        for (Messages.Software s : software.subList(0, Math.min(software.size(), MAX_PACKAGES))) {
            if (s == null || s.name() == null || s.name().isBlank()) {
                continue;
            }
            names.add(cut(s.name().strip()));
            versions.add(cut(s.version()));
            vendors.add(cut(s.vendor()));
        }
        repository.replace(device, client, names, versions, vendors);
    }

    /** Packages whose name starts with (or, with {@code *}, contains) {@code query}, on the client's devices the viewer sees. */
    @Transactional(readOnly = true)
    public Page<InstalledSoftware> search(Viewer viewer, ClientId client, String query, PageQuery page) {
        if (!viewer.isStaff()) {
            throw new io.steward.server.shared.NotFoundException("No such page.");
        }
        String q = query == null ? "" : query.strip().toLowerCase(Locale.ROOT);
        if (q.isEmpty() || q.length() > 100) {
            throw new InvalidInputException("q", "Search for a package name of 1 to 100 characters.");
        }
        String pattern = q.startsWith("*") ? "%" + io.steward.server.shared.Like.literal(q.substring(1)) + "%" : io.steward.server.shared.Like.startsWith(q);
        return repository.search(viewer.scope(), client, pattern, page);
    }

    /** What one device has installed, by name. */
    @Transactional(readOnly = true)
    public List<InstalledSoftware> ofDevice(Viewer viewer, DeviceId id) {
        return repository.ofDevice(viewer.scope(), id).orElseThrow(() -> new io.steward.server.shared.NotFoundException("No such device."));
    }

    private static String cut(String s) {
        if (s == null) {
            return "";
        }
        return s.length() > MAX_TEXT ? s.substring(0, MAX_TEXT) : s;
    }
}
