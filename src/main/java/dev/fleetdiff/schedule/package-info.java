/** Polls hosts on their cron schedules with Quartz: one job per host, strings only in job data. */
package dev.fleetdiff.schedule;
