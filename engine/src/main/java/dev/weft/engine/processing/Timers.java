package dev.weft.engine.processing;

import dev.weft.engine.feel.ExpressionException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;

/** ISO-8601 timer values as Zeebe accepts them: durations, date-times and repeating cycles {@code R<n>/<duration>}. */
final class Timers {

    /** @param repetitions remaining firings including this one; -1 for unbounded; 1 for a one-off */
    record Due(long dueDate, int repetitions, String interval) {
    }

    private Timers() {
    }

    static Due duration(String text, long now) {
        return new Due(now + millis(text), 1, null);
    }

    static Due date(String text) {
        try {
            return new Due(ZonedDateTime.parse(text.strip()).toInstant().toEpochMilli(), 1, null);
        } catch (DateTimeParseException e) {
            try {
                return new Due(OffsetDateTime.parse(text.strip()).toInstant().toEpochMilli(), 1, null);
            } catch (DateTimeParseException e2) {
                try {
                    return new Due(Instant.parse(text.strip()).toEpochMilli(), 1, null);
                } catch (DateTimeParseException e3) {
                    throw new ExpressionException("Invalid date-time format '" + text
                            + "' for a timer: expected ISO-8601, e.g. 2026-01-01T10:00:00Z");
                }
            }
        }
    }

    static Due cycle(String text, long now) {
        String t = text.strip();
        if (!t.startsWith("R")) {
            throw new ExpressionException("Invalid time cycle '" + text + "': expected R<n>/<duration>, e.g. R3/PT10S");
        }
        int slash = t.indexOf('/');
        if (slash < 0) {
            throw new ExpressionException("Invalid time cycle '" + text + "': expected R<n>/<duration>, e.g. R3/PT10S");
        }
        String count = t.substring(1, slash);
        int repetitions;
        try {
            repetitions = count.isEmpty() ? -1 : Integer.parseInt(count);
        } catch (NumberFormatException e) {
            throw new ExpressionException("Invalid repetition count in time cycle '" + text + "'");
        }
        String interval = t.substring(slash + 1);
        return new Due(now + millis(interval), repetitions, interval);
    }

    /** The next firing of a cycle after one fired, or {@code null} when it is exhausted. */
    static Due next(Due fired, long now) {
        if (fired.interval() == null || fired.repetitions() == 1) {
            return null;
        }
        int left = fired.repetitions() < 0 ? -1 : fired.repetitions() - 1;
        return new Due(now + millis(fired.interval()), left, fired.interval());
    }

    static long millis(String text) {
        String t = text.strip();
        try {
            if (t.contains("T") || t.startsWith("PT")) {
                int t0 = t.indexOf('T');
                String datePart = t.substring(0, t0);
                long ms = Duration.parse("P" + t.substring(t0)).toMillis();
                if (datePart.length() > 1) {
                    ms += periodMillis(datePart);
                }
                return ms;
            }
            return periodMillis(t);
        } catch (DateTimeParseException | ArithmeticException e) {
            throw new ExpressionException("Invalid duration '" + text + "' for a timer: expected ISO-8601, e.g. PT5M");
        }
    }

    private static long periodMillis(String text) {
        Period p = Period.parse(text);
        return Duration.ofDays(p.getYears() * 365L + p.getMonths() * 30L + p.getDays()).toMillis();
    }
}
