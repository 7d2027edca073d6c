package io.steward.server.tenancy;

import java.time.Instant;

import io.steward.server.shared.ClientId;
import io.steward.server.shared.ContactId;
import io.steward.server.shared.SiteId;

/** A person at a client the MSP deals with. */
public record Contact(ContactId id, ClientId clientId, SiteId siteId, String firstName, String lastName, String email, String phone,
                      String jobTitle, boolean primary, Instant createdAt, Instant updatedAt, int version) {

    public String fullName() {
        return firstName + " " + lastName;
    }
}
