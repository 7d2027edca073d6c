package io.steward.server.identity.web;

import java.net.URI;

import io.steward.server.identity.NewUserCredentials;
import io.steward.server.identity.UserAccount;
import io.steward.server.identity.UserDirectory;
import io.steward.server.identity.internal.UserRepository;
import io.steward.server.shared.ExpectedVersion;
import io.steward.server.shared.IfMatch;
import io.steward.server.shared.Page;
import io.steward.server.shared.PageQuery;
import io.steward.server.shared.UserId;
import io.steward.server.shared.Viewer;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** User administration over JSON (MSP admins). */
@RestController
@RequestMapping("/api/v1/users")
@Tag(name = "Users", description = "MSP staff and client portal users")
class UserApi {
    private final UserDirectory users;

    UserApi(UserDirectory users) {
        this.users = users;
    }

    /** Whether a user may sign in, as a request body. */
    record EnabledChange(boolean enabled) {
    }

    @GetMapping
    @Operation(summary = "List users")
    Page<UserAccount> list(Viewer viewer, @RequestParam(required = false) String q, @RequestParam(required = false) Integer page,
                           @RequestParam(required = false) Integer size, @RequestParam(required = false) String sort) {
        return users.list(viewer, q, PageQuery.of(page, size, sort, UserRepository.SORTABLE, "email"));
    }

    @PostMapping
    @Operation(summary = "Create a user; the answer carries a one-time password they must change at first sign-in")
    ResponseEntity<NewUserCredentials> create(Viewer viewer, @Valid @RequestBody UserInput input) {
        NewUserCredentials created = users.create(viewer, input.toDraft(), input.timeZone());
        return ResponseEntity.created(URI.create("/api/v1/users/" + created.user().id())).eTag(IfMatch.etag(created.user().version()))
                .body(created);
    }

    @GetMapping("/{userId}")
    @Operation(summary = "Get a user; the ETag is its version")
    ResponseEntity<UserAccount> get(Viewer viewer, @PathVariable UserId userId) {
        UserAccount u = users.get(viewer, userId);
        return IfMatch.ok(u, u.version());
    }

    @PutMapping("/{userId}")
    @Operation(summary = "Change profile, role, tier, client scope and time zone (null: the default); ends the user's sessions")
    ResponseEntity<UserAccount> update(Viewer viewer, @PathVariable("userId") UserId id,
                                       ExpectedVersion ifMatch,
                                       @Valid @RequestBody UserInput input) {
        UserAccount u = users.update(viewer, id, input.toDraft(), input.timeZone(), ifMatch.value());
        return IfMatch.ok(u, u.version());
    }

    @PutMapping("/{userId}/enabled")
    @Operation(summary = "Enable or disable a user; disabling ends their sessions and stops their tokens")
    ResponseEntity<UserAccount> setEnabled(Viewer viewer, @PathVariable("userId") UserId id,
                                           ExpectedVersion ifMatch,
                                           @RequestBody EnabledChange change) {
        UserAccount u = users.setEnabled(viewer, id, change.enabled(), ifMatch.value());
        return IfMatch.ok(u, u.version());
    }

    @PostMapping("/{userId}/password-reset")
    @Operation(summary = "Issue a new one-time password")
    NewUserCredentials resetPassword(Viewer viewer, @PathVariable UserId userId) {
        return users.resetPassword(viewer, userId);
    }
}
