package io.steward.server.compliance;

/**
 * One control of a framework's catalogue.
 *
 * @param id    the catalogue's id of the control ({@code ac-2}, {@code pr.aa-03}, {@code hipaa-164.312-d})
 * @param label how people write it ({@code AC-2}, {@code PR.AA-03}, {@code 164.312(d)})
 * @param title its short title
 * @param group the title of the group it belongs to (family, category or standard)
 */
public record Control(String id, String label, String title, String group) {
}
