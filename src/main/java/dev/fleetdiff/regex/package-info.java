/** Regular expressions matched in time linear in the text (RE2/J), for every pattern run over what a host sends. */
package dev.fleetdiff.regex;
