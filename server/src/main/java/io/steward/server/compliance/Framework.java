package io.steward.server.compliance;

import java.util.List;

/**
 * A control framework loaded from a catalogue file (OSCAL catalog JSON): frameworks are data, not code.
 *
 * @param id       the file's name without {@code .json} ({@code nist-sp-800-53-r5})
 * @param title    the catalogue's title
 * @param version  the catalogue's version
 * @param controls every control, in catalogue order (nested ones after their parent)
 */
public record Framework(String id, String title, String version, List<Control> controls) {
    public Framework {
        controls = List.copyOf(controls);
    }
}
