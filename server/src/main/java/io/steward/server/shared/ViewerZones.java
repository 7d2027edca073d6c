package io.steward.server.shared;

import java.time.ZoneId;

/**
 * The time zone a viewer's pages show times in. Declared here so that the page helpers in {@code web} can ask for it
 * without depending on the identity module (which itself uses {@code web}).
 */
public interface ViewerZones {
    /** The viewer's effective zone; cheap to call many times in one request. */
    ZoneId zoneOf(Viewer viewer);
}
