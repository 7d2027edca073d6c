/**
 * Patching: the agents' scans of available updates (latest per device, and a bounded history of what changed), the
 * scan plan handed back with every heartbeat, per-client patch policies (scan interval, standard cycle, security
 * deadline, approval mode, held packages, reboot policy), approvals of package versions, and the views built on
 * them: missing and security updates with their age, reboots pending, devices not scanned recently, exposure to a
 * CVE, and patch compliance per client; failed installs counted per device and package version, retried per policy
 * and then raised as one incident per device.
 * Invariant: a device's patch data comes only from its own signed scans; compliance counts a device compliant only
 * when its last good scan shows no security update older than its client's deadline.
 */
package io.steward.server.patching;
