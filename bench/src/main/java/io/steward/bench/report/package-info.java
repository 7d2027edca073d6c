/** Shape F: the monthly client service report of a large client, as JSON and as PDF. */
package io.steward.bench.report;
