package io.steward.server.shared;

/** What a user is to the MSP. Only {@link #CLIENT_USER} belongs to a client; the others are MSP staff. */
public enum Role {
    MSP_ADMIN("MSP admin"),
    SERVICE_MANAGER("Service manager"),
    TECHNICIAN("Technician"),
    CLIENT_USER("Client user");

    private final String label;

    Role(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public boolean isStaff() {
        return this != CLIENT_USER;
    }
}
