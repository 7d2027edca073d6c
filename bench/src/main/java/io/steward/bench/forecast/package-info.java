/**
 * The disk-fill forecast benchmark: a seeded synthetic fleet of file systems replayed day by day through the server's
 * forecast rule ({@code DiskFillForecast}), scored by how many disk-full events got a service request in time and how
 * many requests were for disks that did not fill.
 */
package io.steward.bench.forecast;
