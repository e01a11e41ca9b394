/**
 * Go semantics that Promtail configs assume: RE2 regular expressions matched in linear time
 * ({@link io.sleipnir.golang.GoRegex}, on RE2/J) and Go's
 * {@code Regexp.Expand} templates ({@link io.sleipnir.golang.Expansion}), so that a regex or a {@code $1} copied
 * from a Promtail config means the same thing here. Depends on no other package of ours, so that {@code config},
 * {@code relabel} and {@code pipeline} can all use it without a cycle.
 */
package io.sleipnir.golang;
