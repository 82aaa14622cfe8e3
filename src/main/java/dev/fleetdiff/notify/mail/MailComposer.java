package dev.fleetdiff.notify.mail;

import dev.fleetdiff.notify.ChangeGroup;
import dev.fleetdiff.notify.MarkedText;
import dev.fleetdiff.notify.NotificationText;
import dev.fleetdiff.rules.Alert;
import dev.fleetdiff.text.ShownText;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** Writes the mails: one per change (on one host or many) in the OSSEC layout, or one digest of many changes. */
final class MailComposer {
    /** Output, previous output and diff are each cut to this in a mail about one change. */
    static final int SECTION_CHARS = NotificationText.SECTION_CHARS;
    /** The same, for each change inside a digest. */
    static final int DIGEST_SECTION_CHARS = 2_000;
    /** A digest stops writing notifications out in full past this; the index still names every alert. */
    static final int DIGEST_BODY_CHARS = 4_000_000;
    /** Right-hand side of every Message-ID. */
    static final String ID_DOMAIN = "fleetdiff";
    private static final Pattern PLAIN_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final int HASH_HEX_CHARS = 32;
    private static final DateTimeFormatter OSSEC_TIME =
            DateTimeFormatter.ofPattern("yyyy MMM dd HH:mm:ss", Locale.ENGLISH);

    private final NotificationText notification;
    private final ZoneId zone;

    MailComposer(ZoneId zone) {
        this.notification = new NotificationText(zone);
        this.zone = zone;
    }

    /** The mail for one change: the post's layout; for many hosts, a preface naming them and the hosts folded. */
    OutgoingMail change(Recipients recipients, ChangeGroup change) {
        Alert first = change.first();
        List<String> hosts = change.hosts();
        MarkedText text = new MarkedText();
        String who;
        if (hosts.size() == 1) {
            who = HeaderText.of(first.host(), HeaderText.PART_CHARS);
            text.append(notification.marked(first, first.host(), SECTION_CHARS));
        } else {
            who = hosts.size() + " hosts";
            String folded = change.compactHosts();
            text.append("The same change was seen on ").append(hosts.size()).append(" hosts: ")
                    .append(ShownText.line(folded)).append('\n')
                    .append("The outputs below are from ").append(ShownText.line(first.host()))
                    .append("; the diff is the same on every host.\n\n")
                    .append(notification.marked(first, folded, SECTION_CHARS));
        }
        String subject = HeaderText.of("fleetdiff Alert - " + who + " - Level " + change.level() + " - "
                + HeaderText.of(first.description(), HeaderText.PART_CHARS), HeaderText.SUBJECT_CHARS);
        String id = change.alerts().size() == 1 ? messageId("a", change.ids()) : messageId("g", change.ids());
        return new OutgoingMail(id, subject, text.toString(), MailHtml.of(text), recipients, change.ids());
    }

    /** One mail carrying many changes, for when sending each would go over max_per_hour; it names every alert. */
    OutgoingMail digest(Recipients recipients, List<ChangeGroup> changes, int maxPerHour, Instant now) {
        List<String> ids = changes.stream().flatMap(c -> c.ids().stream()).toList();
        List<String> hosts = changes.stream().flatMap(c -> c.hosts().stream()).distinct().toList();
        int level = changes.stream().mapToInt(ChangeGroup::level).max().orElseThrow();
        MarkedText text = new MarkedText();
        text.append("fleetdiff Digest.\n").append(OSSEC_TIME.format(now.atZone(zone))).append("\n\n")
                .append(ids.size()).append(" alerts (").append(changes.size()).append(" changes on ")
                .append(hosts.size()).append(" hosts) are in this one mail: sending each would have gone over\n")
                .append("settings.mail.max_per_hour (").append(maxPerHour).append(" mails an hour). None was dropped.\n\n")
                .append("Index:\n");
        for (int i = 0; i < changes.size(); i++) {
            text.append(String.format(Locale.ROOT, "%4d. ", i + 1)).append(indexLine(changes.get(i))).append('\n');
        }
        for (int i = 0; i < changes.size(); i++) {
            if (text.length() > DIGEST_BODY_CHARS) {
                text.append("\n[... changes ").append(i + 1).append(" to ").append(changes.size())
                        .append(" are not written out here; the index above names each with its host and command ]\n");
                break;
            }
            ChangeGroup change = changes.get(i);
            text.append("\n==== ").append(i + 1).append(" of ").append(changes.size()).append(" ====\n")
                    .append(notification.marked(change.first(), change.compactHosts(), DIGEST_SECTION_CHARS));
        }
        String subject = "fleetdiff Alert - Digest of " + ids.size() + " alerts on " + hosts.size()
                + " hosts - Level " + level;
        return new OutgoingMail(messageId("d", ids), subject, text.toString(), MailHtml.of(text), recipients, ids);
    }

    private static String indexLine(ChangeGroup change) {
        Alert first = change.first();
        int hosts = change.hosts().size();
        String where = ShownText.line(change.compactHosts()) + (hosts > 1 ? " (" + hosts + " hosts)" : "");
        String command = first.command().isEmpty() ? "" : " [" + ShownText.line(first.command()) + "]";
        return "Level " + change.level() + " - " + where + command + " - "
                + ShownText.line(first.description());
    }

    /**
     * A Message-ID derived from the alert ids only, so a mail sent again after a crash keeps it: the alert's own id
     * when it is one plain id, else a hash of the sorted ids.
     */
    static String messageId(String kind, List<String> alertIds) {
        if (alertIds.size() == 1 && PLAIN_ID.matcher(alertIds.get(0)).matches()) {
            return "<" + alertIds.get(0) + "@" + ID_DOMAIN + ">";
        }
        String joined = String.join("\n", alertIds.stream().sorted().toList());
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(joined.getBytes(StandardCharsets.UTF_8));
            return "<" + kind + "-" + HexFormat.of().formatHex(hash).substring(0, HASH_HEX_CHARS) + "@" + ID_DOMAIN
                    + ">";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
