package dev.weft.engine.gateway.rest;

import dev.weft.engine.api.Criterion;
import dev.weft.engine.api.Criterion.Op;
import dev.weft.engine.api.Page;
import dev.weft.engine.api.Sort;
import io.camunda.client.protocol.rest.BasicStringFilterProperty;
import io.camunda.client.protocol.rest.DateTimeFilterProperty;
import io.camunda.client.protocol.rest.IntegerFilterProperty;
import io.camunda.client.protocol.rest.SearchQueryPageRequest;
import io.camunda.client.protocol.rest.SearchQueryPageResponse;
import io.camunda.client.protocol.rest.SortOrderEnum;
import io.camunda.client.protocol.rest.StringFilterProperty;
import io.camunda.client.protocol.rest.VariableValueFilterProperty;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Turns the v2 search request model into engine criteria: the advanced filter operators ({@code $eq}, {@code $neq},
 * {@code $exists}, {@code $in}, {@code $notIn}, {@code $like}, {@code $gt}, {@code $gte}, {@code $lt}, {@code $lte}),
 * sort requests and paging (offset, or the cursors of a previous page). Every value is checked here, so a bad one is
 * a 400 naming its property ({@code filter.startDate.$gt}) and nothing reaches the database.
 */
final class RestFilters {

    private final List<Criterion> criteria = new ArrayList<>();

    List<Criterion> criteria() {
        return List.copyOf(criteria);
    }

    /** A string property with every string operator ({@code StringFilterProperty}). */
    RestFilters string(String field, StringFilterProperty p) {
        if (p != null) {
            add(field, Op.EQ, p.get$Eq());
            add(field, Op.NEQ, p.get$Neq());
            add(field, Op.EXISTS, p.get$Exists());
            addList(field, Op.IN, p.get$In(), v -> v);
            addList(field, Op.NOT_IN, p.get$NotIn(), v -> v);
            add(field, Op.LIKE, p.get$Like());
        }
        return this;
    }

    /**
     * Variable value filters ({@code filter.variables}, {@code filter.localVariables}...): each names a variable of
     * the scope and filters its value as JSON text (a string value is {@code "\"text\""}) with the string operators.
     */
    RestFilters variables(String field, List<VariableValueFilterProperty> filters) {
        if (filters == null) {
            return this;
        }
        for (int i = 0; i < filters.size(); i++) {
            VariableValueFilterProperty f = filters.get(i);
            String at = field + "[" + i + "]";
            if (f == null || f.getName() == null || f.getName().isBlank()) {
                throw RestProblem.invalid("Expected property 'filter." + at + ".name' to name a variable, but it is missing");
            }
            if (f.getValue() == null) {
                throw RestProblem.invalid("Expected property 'filter." + at + ".value' to filter the value of variable '"
                        + f.getName() + "', but it is missing");
            }
            int before = criteria.size();
            string(field + ":" + f.getName(), f.getValue());
            if (criteria.size() == before) {
                throw RestProblem.invalid("Expected property 'filter." + at + ".value' to use an operator, but it has none");
            }
        }
        return this;
    }

    /** A key property ({@code BasicStringFilterProperty}): values must be numeric keys. */
    RestFilters key(String field, BasicStringFilterProperty p) {
        if (p != null) {
            add(field, Op.EQ, p.get$Eq() == null ? null : parseKey(field, "$eq", p.get$Eq()));
            add(field, Op.NEQ, p.get$Neq() == null ? null : parseKey(field, "$neq", p.get$Neq()));
            add(field, Op.EXISTS, p.get$Exists());
            addList(field, Op.IN, p.get$In(), v -> parseKey(field, "$in", v));
            addList(field, Op.NOT_IN, p.get$NotIn(), v -> parseKey(field, "$notIn", v));
        }
        return this;
    }

    /** A plain string property (only equality in the v2 model). */
    RestFilters plain(String field, String value) {
        add(field, Op.EQ, value);
        return this;
    }

    /** A plain key property (only equality in the v2 model). */
    RestFilters plainKey(String field, String value) {
        add(field, Op.EQ, value == null ? null : parseKey(field, "$eq", value));
        return this;
    }

    RestFilters bool(String field, Boolean value) {
        add(field, Op.EQ, value);
        return this;
    }

    RestFilters integer(String field, IntegerFilterProperty p) {
        if (p != null) {
            add(field, Op.EQ, toLong(p.get$Eq()));
            add(field, Op.NEQ, toLong(p.get$Neq()));
            add(field, Op.EXISTS, p.get$Exists());
            add(field, Op.GT, toLong(p.get$Gt()));
            add(field, Op.GTE, toLong(p.get$Gte()));
            add(field, Op.LT, toLong(p.get$Lt()));
            add(field, Op.LTE, toLong(p.get$Lte()));
            addList(field, Op.IN, p.get$In(), v -> (Object) v.longValue());
        }
        return this;
    }

    /** A date-time property: ISO-8601 date-times with an offset, as the v2 API writes them. */
    RestFilters dateTime(String field, DateTimeFilterProperty p) {
        if (p != null) {
            add(field, Op.EQ, p.get$Eq() == null ? null : instant(field, "$eq", p.get$Eq()));
            add(field, Op.NEQ, p.get$Neq() == null ? null : instant(field, "$neq", p.get$Neq()));
            add(field, Op.EXISTS, p.get$Exists());
            add(field, Op.GT, p.get$Gt() == null ? null : instant(field, "$gt", p.get$Gt()));
            add(field, Op.GTE, p.get$Gte() == null ? null : instant(field, "$gte", p.get$Gte()));
            add(field, Op.LT, p.get$Lt() == null ? null : instant(field, "$lt", p.get$Lt()));
            add(field, Op.LTE, p.get$Lte() == null ? null : instant(field, "$lte", p.get$Lte()));
            addList(field, Op.IN, p.get$In(), v -> instant(field, "$in", v));
        }
        return this;
    }

    /**
     * An enum property (states): operators as given, each value translated by {@code name}, which refuses
     * values the engine does not have.
     */
    <E> RestFilters enumeration(String field, E eq, E neq, Boolean exists, List<E> in, String like,
                                Function<E, String> name) {
        add(field, Op.EQ, eq == null ? null : name.apply(eq));
        add(field, Op.NEQ, neq == null ? null : name.apply(neq));
        add(field, Op.EXISTS, exists);
        addList(field, Op.IN, in, name::apply);
        add(field, Op.LIKE, like);
        return this;
    }

    /** Any of the groups holds ({@code $or}); each group is the criteria of one alternative. */
    RestFilters or(List<List<Criterion>> groups) {
        if (groups.stream().anyMatch(List::isEmpty)) {
            throw RestProblem.invalid("Property 'filter.$or' must not contain an empty alternative (it would match everything)");
        }
        criteria.add(new Criterion("$or", Op.OR, List.copyOf(groups)));
        return this;
    }

    /** Refuses a property Weft cannot filter by (rather than silently returning unfiltered results). */
    RestFilters unsupported(String field, Object value) {
        boolean given = value != null && !(value instanceof Collection<?> c && c.isEmpty())
                && !(value instanceof Map<?, ?> m && m.isEmpty());
        if (given) {
            throw RestProblem.invalid("Property 'filter." + field + "' is not supported by Weft's search");
        }
        return this;
    }

    private void add(String field, Op op, Object value) {
        if (value != null) {
            criteria.add(new Criterion(field, op, value));
        }
    }

    private <T> void addList(String field, Op op, List<T> values, Function<T, Object> convert) {
        if (values == null || values.isEmpty()) {
            return;
        }
        List<Object> out = new ArrayList<>(values.size());
        for (T v : values) {
            if (v == null) {
                throw RestProblem.invalid("Property 'filter." + field + "." + op.wire() + "' must not contain null");
            }
            out.add(convert.apply(v));
        }
        criteria.add(new Criterion(field, op, out));
    }

    private static Long toLong(Integer v) {
        return v == null ? null : v.longValue();
    }

    private static Long parseKey(String field, String op, String value) {
        try {
            long key = Long.parseLong(value.strip());
            if (key < 0) {
                throw new NumberFormatException();
            }
            return key;
        } catch (NumberFormatException e) {
            throw RestProblem.invalid("Expected property 'filter." + field + "." + op + "' to be a numeric key, but was '"
                    + value + "'");
        }
    }

    private static Instant instant(String field, String op, String value) {
        try {
            return OffsetDateTime.parse(value.strip()).toInstant();
        } catch (DateTimeParseException e) {
            throw RestProblem.invalid("Expected property 'filter." + field + "." + op
                    + "' to be an ISO-8601 date-time with offset (e.g. 2026-11-27T10:15:30Z), but was '" + value + "'");
        }
    }

    // ---- sort and paging ----

    /**
     * Sort keys from a v2 sort request list. {@code field} reads a request's field name (the enum's wire value,
     * {@code null} for an unknown one) and {@code order} its order.
     */
    static <R> List<Sort> sort(List<R> requests, Function<R, String> field, Function<R, SortOrderEnum> order) {
        if (requests == null || requests.isEmpty()) {
            return List.of();
        }
        List<Sort> out = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            R r = requests.get(i);
            String name = r == null ? null : field.apply(r);
            if (name == null || name.equals("unknown_default_open_api")) {
                throw RestProblem.invalid("Property 'sort[" + i + "].field' is missing or not a known field of this search");
            }
            SortOrderEnum o = order.apply(r);
            if (o == SortOrderEnum.UNKNOWN_DEFAULT_OPEN_API) {
                throw RestProblem.invalid("Property 'sort[" + i + "].order' must be ASC or DESC");
            }
            out.add(new Sort(name, o == SortOrderEnum.DESC));
        }
        return out;
    }

    /**
     * The page to read: {@code from}/{@code limit}, or a cursor of a previous page ({@code after} its end cursor,
     * {@code before} its start cursor). Cursors are positions in the sorted result, opaque to clients.
     */
    static Page page(SearchQueryPageRequest page, List<Sort> sort) {
        int limit = page == null || page.getLimit() == null ? Page.DEFAULT.limit() : page.getLimit();
        int from = page == null || page.getFrom() == null ? 0 : page.getFrom();
        if (page != null && page.getAfter() != null && page.getBefore() != null) {
            throw RestProblem.invalid("Properties 'page.after' and 'page.before' cannot be combined");
        }
        if (page != null && page.getAfter() != null) {
            from = position("page.after", page.getAfter()) + 1;
        } else if (page != null && page.getBefore() != null) {
            int before = position("page.before", page.getBefore());
            if (before == 0) {
                // nothing precedes the first item: an offset past every result reads an empty page (totals still count)
                from = Integer.MAX_VALUE;
            } else {
                from = Math.max(0, before - limit);
                limit = Math.min(limit, before);
            }
        }
        try {
            return new Page(from, limit, sort);
        } catch (IllegalArgumentException e) {
            throw RestProblem.invalid(e.getMessage());
        }
    }

    /** Total, and the cursors of the returned items (absent when the page is empty). */
    static SearchQueryPageResponse pageResponse(long total, Page page, int returned) {
        SearchQueryPageResponse r = new SearchQueryPageResponse().totalItems(total).hasMoreTotalItems(false);
        if (returned > 0) {
            r.startCursor(cursor(page.from())).endCursor(cursor(page.from() + returned - 1));
        }
        return r;
    }

    private static String cursor(int position) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("weft:" + position).getBytes(StandardCharsets.UTF_8));
    }

    private static int position(String property, String cursor) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(Objects.requireNonNull(cursor).strip()), StandardCharsets.UTF_8);
            if (text.startsWith("weft:")) {
                int p = Integer.parseInt(text.substring(5));
                if (p >= 0) {
                    return p;
                }
            }
        } catch (IllegalArgumentException e) {
            // falls through to the problem below (NumberFormatException is an IllegalArgumentException)
        }
        throw RestProblem.invalid("Property '" + property + "' is not a cursor returned by this search");
    }
}
