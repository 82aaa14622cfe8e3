package dev.fleetdiff.notify.mail;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Who one mail goes to: the configured {@code to} and, in Cc, route recipients not already in {@code to}. Every
 * address comes from the settings, never from an alert.
 */
record Recipients(List<String> to, List<String> cc) {

    Recipients {
        to = List.copyOf(new LinkedHashSet<>(to));
        Set<String> copies = new LinkedHashSet<>(cc);
        copies.removeAll(to);
        cc = List.copyOf(copies);
    }

    /** Everyone, for the SMTP envelope. */
    List<String> all() {
        return Stream.concat(to.stream(), cc.stream()).toList();
    }

    boolean isEmpty() {
        return to.isEmpty() && cc.isEmpty();
    }

    /** Everyone in any of them, for a digest that carries alerts meant for several sets. */
    static Recipients union(Collection<Recipients> all) {
        return new Recipients(all.stream().flatMap(r -> r.to().stream()).toList(),
                all.stream().flatMap(r -> r.cc().stream()).toList());
    }
}
