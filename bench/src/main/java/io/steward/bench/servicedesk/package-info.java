/** Shape D of the benchmark protocol: the service desk with 1,000,000 tickets (seeding, queue lists, ticket create). */
package io.steward.bench.servicedesk;
