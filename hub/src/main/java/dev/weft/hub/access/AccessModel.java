package dev.weft.hub.access;

import dev.weft.hub.security.CallerIdentity;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The values the access feature hands out: applications, keys as listed, keys as issued, verified keys. */
public final class AccessModel {

    private AccessModel() {
    }

    /** An application that calls Weft with API keys. */
    public record Application(UUID id, String name, String description, Instant createdAt, String createdBy) {
    }

    /** The state of a key, decided by the database clock so that every replica agrees. */
    public enum KeyStatus { active, revoked, expired }

    /** A key as it is listed: everything but the secret. */
    public record ApiKeyInfo(UUID id, UUID applicationId, String name, String prefix, List<String> scopes,
                             Instant createdAt, String createdBy, Instant expiresAt, Instant revokedAt,
                             String revokedBy, KeyStatus status) {
    }

    /** A key just issued: the only time the whole key exists outside the caller's hands. */
    public record IssuedApiKey(ApiKeyInfo info, String key) {
        @Override
        public String toString() {
            return "IssuedApiKey[" + info.prefix() + "_..., application=" + info.applicationId() + "]";
        }
    }

    /** A presented key that is known, not revoked and not expired, with what it may use. */
    public record VerifiedApiKey(UUID keyId, String prefix, UUID applicationId, String applicationName,
                                 List<ApiKeyScope> scopes) implements CallerIdentity {

        @Override
        public String subject() {
            return "application:" + applicationId;
        }

        @Override
        public String username() {
            return applicationName;
        }

        @Override
        public String clientId() {
            return prefix;
        }

        /** Keys carry scopes, not roles: nothing meant for humans (admin API, metrics) accepts them. */
        @Override
        public List<String> roles() {
            return List.of();
        }

        public boolean allowsFlow(String flowId) {
            return scopes.stream().anyMatch(s -> s.allowsFlow(flowId));
        }

        public boolean allowsModel(String alias) {
            return scopes.stream().anyMatch(s -> s.allowsModel(alias));
        }
    }
}
