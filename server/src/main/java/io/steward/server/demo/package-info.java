/**
 * Demo mode ({@code --demo}): on first start, a small demo MSP with clients, sites, contacts and
 * one user of every kind, whose logins are written to {@code $STEWARD_HOME/demo-credentials.txt}.
 * Nothing here runs unless demo mode is switched on.
 */
package io.steward.server.demo;
