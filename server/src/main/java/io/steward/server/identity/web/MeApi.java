package io.steward.server.identity.web;

import java.util.UUID;
import java.net.URI;
import java.time.Duration;
import java.util.List;

import io.steward.server.identity.ApiTokenInfo;
import io.steward.server.identity.UserDirectory;
import io.steward.server.identity.ViewerTimeZones;
import io.steward.server.identity.internal.ApiTokens;
import io.steward.server.shared.Viewer;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The caller's own identity and API tokens. */
@RestController
@RequestMapping("/api/v1/me")
@Tag(name = "Me", description = "The signed-in user and their API tokens")
class MeApi {
    private final ApiTokens tokens;
    private final UserDirectory users;
    private final ViewerTimeZones zones;

    MeApi(ApiTokens tokens, UserDirectory users, ViewerTimeZones zones) {
        this.tokens = tokens;
        this.users = users;
        this.zones = zones;
    }

    /**
     * My time zone for pages.
     *
     * @param timeZone  my own IANA zone, or null when I use the default
     * @param effective the zone pages show me: mine; else my client's (client users); else the MSP's (staff); else UTC
     */
    record TimeZoneSetting(String timeZone, String effective) {
    }

    /** The IANA zone to use, such as America/New_York; null or empty returns to the default. */
    record TimeZoneChange(@Size(max = 64) String timeZone) {
    }

    /** A token to create. */
    record TokenRequest(@NotBlank @Size(max = 100) String name, @NotNull ApiTokenInfo.Access access,
                        @NotNull @Min(1) @Max(3650) Integer expiresInDays) {
    }

    /** A created token; {@code secret} is shown this once. */
    record TokenCreated(ApiTokenInfo token, String secret) {
    }

    @GetMapping
    @Operation(summary = "Who am I: role, tier, client and scope")
    Viewer me(Viewer viewer) {
        return viewer;
    }

    @GetMapping("/time-zone")
    @Operation(summary = "My time zone: my own choice and the zone pages show me")
    TimeZoneSetting timeZone(Viewer viewer) {
        return new TimeZoneSetting(users.ownTimeZone(viewer), zones.zoneOf(viewer).getId());
    }

    @PutMapping("/time-zone")
    @Operation(summary = "Choose my time zone (an IANA zone such as America/New_York; null for the default)")
    TimeZoneSetting setTimeZone(Viewer viewer, @Valid @RequestBody TimeZoneChange change) {
        String own = users.setOwnTimeZone(viewer, change.timeZone());
        return new TimeZoneSetting(own, zones.freshZoneOf(viewer).getId());
    }

    @GetMapping("/tokens")
    @Operation(summary = "My API tokens (never their secrets)")
    List<ApiTokenInfo> list(Viewer viewer) {
        return tokens.list(viewer);
    }

    @PostMapping("/tokens")
    @Operation(summary = "Create an API token; the secret is in this answer only")
    ResponseEntity<TokenCreated> create(Viewer viewer, @Valid @RequestBody TokenRequest request) {
        ApiTokens.Created c = tokens.create(viewer, request.name(), request.access(), Duration.ofDays(request.expiresInDays()));
        return ResponseEntity.created(URI.create("/api/v1/me/tokens/" + c.token().id())).body(new TokenCreated(c.token(), c.secret()));
    }

    @DeleteMapping("/tokens/{tokenId}")
    @Operation(summary = "Revoke one of my tokens")
    ApiTokenInfo revoke(Viewer viewer, @PathVariable UUID tokenId) {
        return tokens.revoke(viewer, tokenId);
    }
}
