package io.steward.server.compliance;

import java.nio.file.Path;
import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the compliance module ({@code steward.compliance.*}).
 *
 * @param evidenceExpiry   how long a fact Steward establishes itself (patch compliance, staff MFA, audit chain, report
 *                         delivered) counts, and the default expiry of manual evidence when the person sets none
 * @param catalogDirectory a directory of more catalogue files ({@code *.json}, OSCAL catalog) and an optional
 *                         {@code mappings.json}, loaded after the built-in ones at start; a file named like a built-in
 *                         framework replaces it. Empty: the built-in ones only
 * @param findingDueDays   days from a finding's opening to its default due date
 * @param findingInterval  how often failing controls become findings and passing ones close theirs (db-scheduler)
 * @param maxDocumentBytes the largest manual evidence document accepted
 */
@Validated
@ConfigurationProperties("steward.compliance")
public record ComplianceProperties(@DurationMin(minutes = 1) @DurationMax(days = 3660) @DefaultValue("1d") Duration evidenceExpiry,
                                   Path catalogDirectory,
                                   @Min(1) @Max(365) @DefaultValue("30") int findingDueDays,
                                   @DurationMin(seconds = 10) @DurationMax(days = 1) @DefaultValue("1h") Duration findingInterval,
                                   @Min(1) @Max(1_073_741_824) @DefaultValue("26214400") long maxDocumentBytes) {
}
