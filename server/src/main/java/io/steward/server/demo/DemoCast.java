package io.steward.server.demo;

import java.util.Map;

import io.steward.server.identity.UserAccount;
import io.steward.server.shared.Viewer;
import io.steward.server.tenancy.Client;
import io.steward.server.tenancy.Site;

/**
 * Who the demo's history is about: the admin acting for the seed, the three clients (each with its first site) and the
 * accounts that act in the history, by email.
 */
record DemoCast(Viewer system, Client small, Client medium, Client large, Map<String, Site> firstSite, Map<String, UserAccount> people) {

    static final String MANAGER = "manager@demo.steward.test";
    static final String TIER1 = "tier1@demo.steward.test";
    static final String TIER2 = "tier2@demo.steward.test";
    static final String TIER3 = "tier3@demo.steward.test";

    Client[] clients() {
        return new Client[] {small, medium, large};
    }

    UserAccount person(String email) {
        UserAccount a = people.get(email);
        if (a == null) {
            throw new IllegalStateException("no demo account " + email);
        }
        return a;
    }

    /** The account acting as itself (full scope for staff, its client for portal users). */
    Viewer as(String email) {
        UserAccount a = person(email);
        return new Viewer(a.id(), a.email(), a.displayName(), a.role(), a.supportTier(), a.clientId(),
                a.clientId() == null ? io.steward.server.shared.TenantScope.all() : io.steward.server.shared.TenantScope.of(java.util.Set.of(a.clientId())),
                false);
    }
}
