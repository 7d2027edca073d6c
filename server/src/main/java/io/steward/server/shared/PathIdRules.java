package io.steward.server.shared;

import java.util.List;

/** The path id rules of one module: one per path variable that names one of its items. */
public interface PathIdRules {
    List<PathIdRule> pathIds();
}
