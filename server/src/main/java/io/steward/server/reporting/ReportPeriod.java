package io.steward.server.reporting;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.List;

import io.steward.server.shared.InvalidInputException;

/**
 * The calendar month a report covers, in the client's zone: {@code [from, to)} in instants, and {@code asOf}, the
 * instant the figures are taken at (the month's end, or now while the month is still running). Decides which months
 * may be reported at all: not one that has not started yet, and not one that ended before the client existed.
 */
public record ReportPeriod(YearMonth month, ZoneId zone, Instant from, Instant to, Instant asOf) {
    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("uuuu-MM").withResolverStyle(ResolverStyle.STRICT);

    /** Parses {@code yyyy-mm}; refuses malformed text, months in the future and months before {@code clientCreated}. */
    public static ReportPeriod of(String text, ZoneId zone, Instant clientCreated, Instant now) {
        YearMonth month = parse(text);
        Instant from = month.atDay(1).atStartOfDay(zone).toInstant();
        Instant to = month.plusMonths(1).atDay(1).atStartOfDay(zone).toInstant();
        if (!from.isBefore(now)) {
            throw new InvalidInputException("month", "The month " + month + " has not started yet.");
        }
        if (!clientCreated.isBefore(to)) {
            throw new InvalidInputException("month", "The client did not exist yet in " + month + " (created "
                    + YearMonth.from(clientCreated.atZone(zone)) + ").");
        }
        return new ReportPeriod(month, zone, from, to, now.isBefore(to) ? now : to);
    }

    /** The month from {@code yyyy-mm}, or a 400 naming the expected form. */
    public static YearMonth parse(String text) {
        if (text == null || !text.matches("\\d{4}-\\d{2}")) {
            throw new InvalidInputException("month", "The month must look like 2026-03 (yyyy-mm).");
        }
        try {
            YearMonth m = YearMonth.parse(text, FORMAT);
            if (m.getYear() < 1900) {
                throw new InvalidInputException("month", "The month must be 1900-01 or later.");
            }
            return m;
        } catch (DateTimeParseException e) {
            throw new InvalidInputException("month", "The month must look like 2026-03 (yyyy-mm).");
        }
    }

    /** Whether the month was still running when the figures were taken. */
    public boolean partial() {
        return asOf.isBefore(to);
    }

    /** This month and the {@code count - 1} before it, oldest first, for trends. */
    public List<YearMonth> trailing(int count) {
        List<YearMonth> months = new ArrayList<>();
        for (int i = count - 1; i >= 0; i--) {
            months.add(month.minusMonths(i));
        }
        return months;
    }

    /** Where the month {@code m} starts, in this period's zone. */
    public Instant startOf(YearMonth m) {
        return m.atDay(1).atStartOfDay(zone).toInstant();
    }
}
