/** Audits over the store: hosts grouped by their latest output (outliers) and what a period held (reports). */
package dev.fleetdiff.audit;
