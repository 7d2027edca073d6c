/**
 * Compliance coverage: control catalogues (frameworks as data files), the facts Steward's modules report as
 * {@link io.steward.server.compliance.Evidence} through {@link io.steward.server.compliance.EvidenceSource}, manual
 * evidence, coverage per client and framework, findings, and the audit pack.
 * Invariant: a control counts as passing only on fresh passing evidence; a control no evidence covers is "not
 * evaluated", kept apart and never counted as passing.
 */
package io.steward.server.compliance;
