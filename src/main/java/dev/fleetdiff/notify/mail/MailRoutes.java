package dev.fleetdiff.notify.mail;

import dev.fleetdiff.config.MailSettings;
import dev.fleetdiff.rules.Alert;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Decides whether an alert is mailed (its email flag and min_level) and to whom (to, plus matching routes). */
final class MailRoutes {
    private final MailSettings settings;

    MailRoutes(MailSettings settings) {
        this.settings = settings;
    }

    /**
     * The recipients of an alert, or empty when it is not mailed. A route adds its recipients when the alert's level
     * is at least the route's and, if the route names a rule group, the alert carries that group.
     */
    Optional<Recipients> recipientsFor(Alert alert) {
        if (!alert.email() || alert.level() < settings.minLevel()) {
            return Optional.empty();
        }
        List<String> cc = new ArrayList<>();
        for (MailSettings.Route route : settings.routes()) {
            boolean groupMatches = route.group().map(alert.groups()::contains).orElse(true);
            if (alert.level() >= route.minLevel() && groupMatches) {
                cc.addAll(route.to());
            }
        }
        Recipients recipients = new Recipients(settings.to(), cc);
        return recipients.isEmpty() ? Optional.empty() : Optional.of(recipients);
    }
}
