/** The bench jar's entry point; the shapes live in sub-packages. */
package io.steward.bench;
