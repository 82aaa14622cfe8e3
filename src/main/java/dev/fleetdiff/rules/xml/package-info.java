/** Reads OSSEC rule files (rules/*.xml) with JAXP's StAX, securely and with line numbers, into rule definitions. */
package dev.fleetdiff.rules.xml;
