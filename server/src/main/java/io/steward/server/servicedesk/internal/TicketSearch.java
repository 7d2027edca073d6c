package io.steward.server.servicedesk.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a search box query becomes in SQL: a condition over the union of every way a ticket can be found (number, title
 * and description, replies and, for staff, internal notes, requester, client, device), each an index lookup
 * (V70). Lookups that yield ids rather than ORs on the ticket row, so the planner starts from the few matching
 * ids instead of testing every ticket in scope. The user's text reaches SQL only as bound parameters; the tsquery is built
 * from letters and digits alone, so no input can make it a syntax error.
 *
 * @param condition  SQL to AND into the ticket list's WHERE clause (alias {@code t})
 * @param params     its parameters in order
 * @param number     the ticket number the query names ({@code T-7}, {@code t7}, {@code #7}, {@code 7}), listed first
 */
public record TicketSearch(String condition, List<Object> params, OptionalLong number) {
    private static final Pattern NUMBER = Pattern.compile("^(?:t-?|#)?\\s*(\\d{1,15})$", Pattern.CASE_INSENSITIVE);
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+");
    /** Trigram lookups need three characters to narrow anything down; shorter substrings would read the whole index. */
    private static final int MIN_SUBSTRING = 3;

    /** The search for {@code q}, or null when q holds nothing to search for. */
    public static TicketSearch of(String q, boolean includeInternalNotes) {
        if (q == null || q.isBlank()) {
            return null;
        }
        String text = q.strip();
        OptionalLong number = number(text);
        List<String> ways = new ArrayList<>();
        List<Object> p = new ArrayList<>();
        if (number.isPresent()) {
            ways.add("SELECT id FROM ticket WHERE number = ?");
            p.add(number.getAsLong());
        }
        // A number-like query also finds tickets that mention the number as a whole word (an error code, an order
        // number), not every word that starts with its digits.
        String tsquery = number.isPresent() ? Long.toString(number.getAsLong()) : tsquery(text);
        if (tsquery != null) {
            // Repeats the partial index's predicate so that it is provably usable, then narrows to public replies for clients.
            ways.add("SELECT e.ticket_id FROM ticket_event e WHERE e.kind IN ('PUBLIC_REPLY', 'INTERNAL_NOTE')"
                    + (includeInternalNotes ? "" : " AND e.kind = 'PUBLIC_REPLY'") + " AND e.search @@ to_tsquery('simple', ?)");
            p.add(tsquery);
        }
        if (number.isEmpty() && text.length() >= MIN_SUBSTRING) {
            String like = "%" + escapeLike(text) + "%";
            ways.add("SELECT r.id FROM contact ct JOIN ticket r ON r.requester_id = ct.id WHERE ct.search_text ILIKE ?");
            p.add(like);
            // A client's name finds all its tickets (through the client's index on ticket).
            ways.add("SELECT k.id FROM client c JOIN ticket k ON k.client_id = c.id WHERE c.name ILIKE ?");
            p.add(like);
            ways.add("SELECT a.ticket_id FROM device d JOIN alert a ON a.device_id = d.id WHERE a.ticket_id IS NOT NULL AND d.hostname ILIKE ?");
            p.add(like);
            ways.add("SELECT f.ticket_id FROM device d JOIN disk_forecast f ON f.device_id = d.id WHERE f.ticket_id IS NOT NULL AND d.hostname ILIKE ?");
            p.add(like);
        }
        if (ways.isEmpty()) {
            // Only punctuation: nothing can match.
            return new TicketSearch("false", List.of(), OptionalLong.empty());
        }
        // ARRAY(...) makes the lookups run once, before the ticket scan, and hands the planner ids it looks up by key; as
        // "t.id IN (...)" the planner guessed the union's size from its branches' estimates and, guessing large, read every
        // ticket in scope to hash-join them. (An OR with a second array for the client's name made it test both arrays
        // against every ticket instead, ten times slower.)
        String lookups = "t.id = ANY(ARRAY(" + String.join(" UNION ", ways) + "))";
        if (tsquery == null) {
            return new TicketSearch(lookups, List.copyOf(p), number);
        }
        // The ticket's own text is matched on the ticket row itself, OR'd with the lookups: the planner combines the text
        // index with the list's other conditions (the open-queue index) in one bitmap, so a common word ("printer", 80,000
        // of 1,000,000 tickets) visits only the matching open tickets' rows. As one more id lookup it read every matching
        // ticket's row to collect its id, then looked each id up again: 3.7 s instead of 0.6 s on the shared machine.
        List<Object> all = new ArrayList<>();
        all.add(tsquery);
        all.addAll(p);
        return new TicketSearch("(t.search @@ to_tsquery('simple', ?) OR " + lookups + ")", List.copyOf(all), number);
    }

    /** The ticket number a query names, if it is nothing but a number ({@code T-7}, {@code t7}, {@code #7}, {@code 7}). */
    public static OptionalLong number(String q) {
        if (q == null) {
            return OptionalLong.empty();
        }
        Matcher m = NUMBER.matcher(q.strip());
        return m.matches() ? OptionalLong.of(Long.parseLong(m.group(1))) : OptionalLong.empty();
    }

    /** Every word as a prefix ({@code print} finds "printer"), all required; null without a word. */
    static String tsquery(String text) {
        Matcher m = WORD.matcher(text.toLowerCase(Locale.ROOT));
        List<String> terms = new ArrayList<>();
        while (m.find() && terms.size() < 16) {
            terms.add(m.group() + ":*");
        }
        return terms.isEmpty() ? null : String.join(" & ", terms);
    }

    static String escapeLike(String s) {
        return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
