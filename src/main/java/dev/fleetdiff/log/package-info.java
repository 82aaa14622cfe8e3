/**
 * The Logback adapter: every log line, the SSH library's included, passes the one sanitizer
 * ({@link dev.fleetdiff.text.ShownText}) in the layout that logback.xml names, so no caller can forget it.
 */
package dev.fleetdiff.log;
