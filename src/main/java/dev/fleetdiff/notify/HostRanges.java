package dev.fleetdiff.notify;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Folds host names into the compact nodeset form (web[001-412],db1) so that a mail naming many hosts stays short. */
public final class HostRanges {
    /** Prefix, the last run of digits, and a suffix without digits. */
    private static final Pattern LAST_NUMBER = Pattern.compile("^(.*?)(\\d+)(\\D*)$");
    /** Longer digit runs are not numbers worth folding (and would overflow a long). */
    private static final int MAX_DIGITS = 18;

    private HostRanges() {
    }

    /** The hosts folded and sorted, duplicates removed; names without digits are listed as they are. */
    public static String compact(Collection<String> hosts) {
        Map<String, List<String>> numbered = new TreeMap<>();
        TreeSet<String> items = new TreeSet<>();
        for (String host : new LinkedHashSet<>(hosts)) {
            Matcher m = LAST_NUMBER.matcher(host);
            if (m.matches() && m.group(2).length() <= MAX_DIGITS) {
                numbered.computeIfAbsent(m.group(1) + '\0' + m.group(3), k -> new ArrayList<>()).add(m.group(2));
            } else {
                items.add(host);
            }
        }
        for (Map.Entry<String, List<String>> entry : numbered.entrySet()) {
            int split = entry.getKey().indexOf('\0');
            items.add(fold(entry.getKey().substring(0, split), entry.getValue(), entry.getKey().substring(split + 1)));
        }
        return String.join(",", items);
    }

    private static String fold(String prefix, List<String> numbers, String suffix) {
        if (numbers.size() == 1) {
            return prefix + numbers.get(0) + suffix;
        }
        numbers.sort(Comparator.comparingLong((String n) -> Long.parseLong(n)).thenComparingInt(String::length));
        List<String> ranges = new ArrayList<>();
        String first = numbers.get(0);
        String last = first;
        for (String next : numbers.subList(1, numbers.size())) {
            if (continues(first, last, next)) {
                last = next;
            } else {
                ranges.add(first.equals(last) ? first : first + "-" + last);
                first = next;
                last = next;
            }
        }
        ranges.add(first.equals(last) ? first : first + "-" + last);
        return prefix + "[" + String.join(",", ranges) + "]" + suffix;
    }

    /** Whether {@code next} extends the range first..last: one more, and written with the range's zero padding. */
    private static boolean continues(String first, String last, String next) {
        if (Long.parseLong(next) != Long.parseLong(last) + 1) {
            return false;
        }
        return padded(first) ? next.length() == first.length() : !padded(next);
    }

    private static boolean padded(String number) {
        return number.length() > 1 && number.charAt(0) == '0';
    }
}
