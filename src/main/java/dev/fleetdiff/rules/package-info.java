/** The rule model and engine deciding which command outputs raise alerts; OSSEC XML parsing lives in {@code rules.xml}. */
package dev.fleetdiff.rules;
