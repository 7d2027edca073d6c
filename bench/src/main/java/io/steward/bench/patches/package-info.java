/** A fleet's patch scans into the server, and the patch views at that size (issue 18). */
package io.steward.bench.patches;
