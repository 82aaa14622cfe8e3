/** The web view, its JSON API and /metrics over the store: the HTTP server, templates and Prometheus client only here. */
package dev.fleetdiff.web;
