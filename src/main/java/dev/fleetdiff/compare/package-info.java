/** Pure functions comparing two outputs of a command: unified line diff or order-insensitive set diff, after ignore filters. */
package dev.fleetdiff.compare;
