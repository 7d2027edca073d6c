package io.steward.server.compliance;

import java.time.Instant;
import java.util.List;

import io.steward.server.shared.ClientId;

/**
 * A module that establishes facts about a client's service implements this (as a bean); the compliance module asks
 * every source when it computes coverage or an audit pack. A source answers only from its own data, for the client
 * named, and only with what it knows: a fact it cannot establish is left out (its controls are then "not evaluated"),
 * never reported as passed.
 */
public interface EvidenceSource {
    /** The fact ids this source can report (from {@link Facts}). */
    List<String> facts();

    /** The client's facts as of {@code now}: each at most once, observed no later than {@code now}. */
    List<Evidence> evidence(ClientId client, Instant now);
}
