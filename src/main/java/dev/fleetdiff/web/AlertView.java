package dev.fleetdiff.web;

import dev.fleetdiff.app.Fleetdiff;
import dev.fleetdiff.notify.NotificationText;
import dev.fleetdiff.rules.Alert;
import dev.fleetdiff.store.Ack;
import dev.fleetdiff.store.ReviewedAlert;
import dev.fleetdiff.text.ShownText;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/** One alert: the OSSEC-layout text, its diff coloured and side by side, its acks, links to its host and history. */
record AlertView(Chrome chrome, String id, String host, String hostUrl, String historyUrl, String command,
                 String description, int level, int version, String notification, List<DiffLines.Line> diff,
                 List<DiffLines.Row> sides, List<AckRow> acks, String ackAction, String acceptAction) {

    /** One acknowledgement. */
    record AckRow(String by, String at, String note) {
    }

    static Optional<AlertView> build(Fleetdiff app, String id, Chrome chrome) {
        return app.reviews().alert(id).map(reviewed -> view(reviewed, chrome));
    }

    private static AlertView view(ReviewedAlert reviewed, Chrome chrome) {
        Alert a = reviewed.alert();
        String notification = new NotificationText(ZoneOffset.UTC).render(a, NotificationText.SECTION_CHARS);
        String hostUrl = "/hosts/" + Chrome.url(a.host());
        List<AckRow> acks = reviewed.acks().stream().map(AlertView::ack).toList();
        return new AlertView(chrome, a.id(), ShownText.line(a.host()), hostUrl,
                a.command().isEmpty() ? hostUrl : hostUrl + "?command=" + Chrome.url(a.command()),
                ShownText.line(a.command()), ShownText.line(a.description()), a.level(), a.version(),
                ShownText.text(notification), DiffLines.unified(a.diff()), DiffLines.sideBySide(a.diff()), acks,
                "/alerts/" + Chrome.url(a.id()) + "/ack",
                a.command().isEmpty() || a.version() <= 0 ? "" : hostUrl + "/accept");
    }

    private static AckRow ack(Ack ack) {
        return new AckRow(ShownText.line(ack.by()), Chrome.time(ack.at()), ShownText.line(ack.note().orElse("")));
    }
}
