package dev.weft.hub.security;

import java.util.List;

/** Who a non-JWT caller is, as {@code GET /api/me} shows it (API keys implement this). */
public interface CallerIdentity {

    String subject();

    String username();

    String clientId();

    List<String> roles();
}
