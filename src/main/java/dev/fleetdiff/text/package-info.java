/**
 * Text from hosts, JDK only: bytes decoded losslessly ({@link dev.fleetdiff.text.HostBytes}) and the one sanitizer
 * that decides, per code point, what may be shown ({@link dev.fleetdiff.text.ShownText}).
 */
package dev.fleetdiff.text;
