/** A fleet's security check rounds into the server, and a large client's coverage and security views (issue 19). */
package io.steward.bench.protection;
