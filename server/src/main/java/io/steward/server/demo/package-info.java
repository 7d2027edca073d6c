/**
 * Demo mode ({@code --demo}): on first start, a small demo MSP with clients, sites, contacts and
 * one user of every kind, whose logins are written to {@code $STEWARD_HOME/demo-credentials.txt};
 * with {@code steward.demo.history} (on by default) also the last 92 days of its past, written through
 * the other modules' historical imports, and with {@code steward.demo.live-agents} demo devices that
 * keep reporting through the agent channel. The automation part ({@code DemoAutomation},
 * {@code DemoTaskAgent}) adds a script library, a standard change made with software keys and
 * one real agent process that runs it. Nothing here runs unless demo mode is switched on.
 */
package io.steward.server.demo;
