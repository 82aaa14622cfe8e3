/** The report as an HTML page: precompiled jte templates, every value auto-escaped; jte only here. */
package dev.fleetdiff.audit.html;
