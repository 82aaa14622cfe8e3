/** Files that hold secrets or decide trust: created private to fleetdiff's user, checked for others' access. */
package dev.fleetdiff.files;
