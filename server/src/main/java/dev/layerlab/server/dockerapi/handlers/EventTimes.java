package dev.layerlab.server.dockerapi.handlers;

import dev.layerlab.runtime.error.InvalidArgumentException;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The times {@code /events} takes for {@code since} and {@code until}: what the docker CLI sends (unix
 * seconds with an optional fraction of nanoseconds; the CLI turns its RFC 3339 times and durations into
 * those), and for other clients an RFC 3339 time or a Go duration ({@code 10m}, {@code 1h30m}) meaning
 * that long before now, as {@code docker events --since 10m} means.
 */
final class EventTimes {
    private static final Pattern SECONDS = Pattern.compile("(-?\\d{1,12})(?:\\.(\\d{1,9}))?");
    private static final Pattern DURATION = Pattern.compile("(?:(\\d+(?:\\.\\d+)?)(h|ms|m|s|us|µs|ns))+");
    private static final Pattern DURATION_PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(h|ms|m|s|us|µs|ns)");

    private EventTimes() {
    }

    /** The time {@code value} names, or null for an empty one (not given). */
    static Instant parse(String name, String value, Instant now) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        Matcher s = SECONDS.matcher(value);
        if (s.matches()) {
            long nanos = s.group(2) == null ? 0 : Long.parseLong((s.group(2) + "00000000").substring(0, 9));
            return Instant.ofEpochSecond(Long.parseLong(s.group(1)), nanos);
        }
        if (DURATION.matcher(value).matches()) {
            return now.minus(duration(value));
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw new InvalidArgumentException("invalid value for " + name + ": " + value + " (unix seconds with an"
                    + " optional fraction, an RFC 3339 time, or a duration such as 10m)");
        }
    }

    private static Duration duration(String value) {
        Duration total = Duration.ZERO;
        Matcher m = DURATION_PART.matcher(value);
        while (m.find()) {
            BigDecimal amount = new BigDecimal(m.group(1));
            long unitNanos = switch (m.group(2)) {
                case "h" -> 3_600_000_000_000L;
                case "m" -> 60_000_000_000L;
                case "s" -> 1_000_000_000L;
                case "ms" -> 1_000_000L;
                case "us", "µs" -> 1_000L;
                default -> 1L;
            };
            BigDecimal nanos = amount.multiply(BigDecimal.valueOf(unitNanos));
            if (nanos.compareTo(BigDecimal.valueOf(Long.MAX_VALUE / 2)) > 0) {
                throw new InvalidArgumentException("invalid duration: " + value);
            }
            total = total.plusNanos(nanos.longValue());
        }
        return total;
    }
}
