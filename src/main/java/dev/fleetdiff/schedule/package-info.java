/** Fires each host's poll on its Quartz cron schedule; Quartz is used only in this package. */
package dev.fleetdiff.schedule;
