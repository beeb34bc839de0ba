package dev.weft.engine.gateway.rest;

import dev.weft.engine.api.Engine;
import dev.weft.engine.api.Page;
import io.camunda.client.protocol.rest.BasicStringFilterProperty;
import io.camunda.client.protocol.rest.SearchQueryPageRequest;
import io.camunda.client.protocol.rest.SearchQueryPageResponse;
import io.camunda.client.protocol.rest.StringFilterProperty;
import java.time.Instant;
import java.util.Objects;

/**
 * Conversions shared by the controllers. Keys are strings in the v2 API (JavaScript cannot hold 64-bit numbers).
 * The searches of process instances, incidents, user tasks and variables take every v2 filter operator through
 * {@link RestFilters}; the helpers here serve the simpler searches (process definitions), which evaluate {@code $eq}
 * and refuse other operators by name rather than silently returning unfiltered results.
 */
final class RestValues {

    private RestValues() {
    }

    static String key(long key) {
        return Long.toString(key);
    }

    /** -1 (our "none") becomes an absent key. */
    static String optionalKey(long key) {
        return key < 0 ? null : Long.toString(key);
    }

    static long parseKey(String field, String value) {
        if (value == null || value.isBlank()) {
            return -1;
        }
        try {
            long key = Long.parseLong(value.strip());
            if (key < 0) {
                throw RestProblem.invalid("Expected property '" + field + "' to be a positive key, but was '" + value + "'");
            }
            return key;
        } catch (NumberFormatException e) {
            throw RestProblem.invalid("Expected property '" + field + "' to be a numeric key, but was '" + value + "'");
        }
    }

    static String date(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    static String tenant(String tenantId) {
        return tenantId == null || tenantId.isBlank() ? Engine.DEFAULT_TENANT : tenantId;
    }

    static Page page(SearchQueryPageRequest page) {
        if (page == null) {
            return Page.DEFAULT;
        }
        if (page.getAfter() != null || page.getBefore() != null) {
            throw RestProblem.invalid("Property 'page.after' / 'page.before' (cursor paging) is not supported by Weft; use 'page.from' and 'page.limit'");
        }
        try {
            return new Page(Objects.requireNonNullElse(page.getFrom(), 0), Objects.requireNonNullElse(page.getLimit(), Page.DEFAULT.limit()));
        } catch (IllegalArgumentException e) {
            throw RestProblem.invalid(e.getMessage());
        }
    }

    static SearchQueryPageResponse pageResponse(long total) {
        return new SearchQueryPageResponse().totalItems(total).hasMoreTotalItems(false);
    }

    static String eq(String field, StringFilterProperty filter) {
        if (filter == null) {
            return null;
        }
        if (filter.get$Neq() != null || filter.get$Exists() != null || (filter.get$In() != null && !filter.get$In().isEmpty())
                || (filter.get$NotIn() != null && !filter.get$NotIn().isEmpty()) || filter.get$Like() != null) {
            throw unsupportedOperator(field);
        }
        return filter.get$Eq();
    }

    static long eqKey(String field, BasicStringFilterProperty filter) {
        if (filter == null) {
            return -1;
        }
        if (filter.get$Neq() != null || filter.get$Exists() != null || (filter.get$In() != null && !filter.get$In().isEmpty())
                || (filter.get$NotIn() != null && !filter.get$NotIn().isEmpty())) {
            throw unsupportedOperator(field);
        }
        return parseKey("filter." + field, filter.get$Eq());
    }

    static RestProblem unsupportedOperator(String field) {
        return RestProblem.invalid("Property 'filter." + field + "' uses an operator Weft does not evaluate; only '$eq' is supported");
    }
}
