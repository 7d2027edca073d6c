package io.steward.server.servicedesk;

import java.util.Map;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * A view to save: its name and the queue parameters it keeps ({@link SavedView#KEYS}).
 *
 * @param filters for example {@code {"view": "all", "q": "printer", "sort": "updated,desc"}}
 */
public record SavedViewDraft(@NotBlank @Size(max = 100) String name, @NotNull @Size(max = 9) Map<String, String> filters) {
}
