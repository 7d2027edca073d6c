package io.steward.server.shared;

import java.util.Set;

/**
 * Answers, before a request's body is read or its permissions weighed, whether the ids in its
 * path are visible to the viewer. Checking existence first means a caller learns nothing about
 * another client's ids: not from a validation error, not from a 403, only 404.
 */
public interface PathIdGuard {

    /** The path variable names this guard answers for, such as {@code clientId}. */
    Set<String> variables();

    /** Whether the viewer may see the item named by {@code value}; malformed values are simply not visible. */
    boolean visible(Viewer viewer, String variable, String value);
}
