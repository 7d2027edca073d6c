package io.steward.server.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The demo credentials file, parsed the way its header documents it. */
public record DemoLogins(Map<String, Login> users, String adminApiToken) {
    public static final String ADMIN = "admin@demo.steward.test";
    public static final String MANAGER = "manager@demo.steward.test";
    public static final String TIER1 = "tier1@demo.steward.test";
    public static final String SCOPED = "scoped@demo.steward.test";
    public static final String PORTAL_NORTHWIND = "dana.reyes@northwind-dental.example";
    public static final String PORTAL_ALPINE = "j.weber@alpine-logistics.example";

    /** One demo login; {@code client} and {@code totpSecret} are null where the file says "-". */
    public record Login(String email, String password, String role, String client, String totpSecret) {
    }

    public static DemoLogins read(Path file) {
        try {
            List<String> lines = Files.readAllLines(file);
            Map<String, Login> users = new LinkedHashMap<>();
            String token = null;
            for (String line : lines) {
                if (line.startsWith("user ")) {
                    String[] f = line.split(" ");
                    String client = String.join(" ", java.util.Arrays.copyOfRange(f, 4, f.length - 1));
                    String totp = f[f.length - 1];
                    users.put(f[1], new Login(f[1], f[2], f[3], "-".equals(client) ? null : client, "-".equals(totp) ? null : totp));
                } else if (line.startsWith("admin_api_token=")) {
                    token = line.substring("admin_api_token=".length());
                }
            }
            return new DemoLogins(users, token);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public Login user(String email) {
        Login l = users.get(email);
        if (l == null) {
            throw new IllegalArgumentException("no demo user " + email);
        }
        return l;
    }
}
