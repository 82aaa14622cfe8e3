/** Wires the pipeline from settings and runs it: poll, compare, evaluate rules, store, deliver. */
package dev.fleetdiff.app;
