/**
 * The shell every page shares: layout and navigation, error pages, and the translation of
 * exceptions into RFC 9457 problem documents for the API and readable pages for people.
 */
package io.steward.server.web;
