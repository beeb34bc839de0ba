package dev.weft.hub.access;

import dev.weft.hub.access.AccessModel.ApiKeyInfo;
import dev.weft.hub.access.AccessModel.Application;
import dev.weft.hub.access.AccessModel.IssuedApiKey;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.transaction.annotation.Transactional;

/**
 * Creating and removing applications, issuing and revoking their keys. Every change is logged as an audit
 * line with the actor and the key's public prefix; the secret is never logged.
 */
public class AccessAdministration {

    private static final Logger LOG = LoggerFactory.getLogger(AccessAdministration.class);
    private static final String NAME_PATTERN = "[a-z0-9][a-z0-9-]{0,62}";
    private static final int MAX_DESCRIPTION = 500;
    private static final int MAX_KEY_NAME = 100;
    private static final int MAX_SCOPES = 100;

    private final AccessRepository repository;
    private final ApiKeyCodec codec;
    private final AccessProperties properties;
    private final Clock clock;

    AccessAdministration(AccessRepository repository, ApiKeyCodec codec, AccessProperties properties, Clock clock) {
        this.repository = repository;
        this.codec = codec;
        this.properties = properties;
        this.clock = clock;
    }

    @Transactional
    public Application createApplication(String name, String description, String actor) {
        if (name == null || !name.matches(NAME_PATTERN)) {
            throw AccessException.invalid("name", "must be 1-63 lowercase letters, digits or '-', starting with a"
                    + " letter or digit; got " + (name == null ? "nothing" : "'" + name + "'"));
        }
        String text = description == null ? "" : description.strip();
        if (text.length() > MAX_DESCRIPTION) {
            throw AccessException.invalid("description", "must be at most " + MAX_DESCRIPTION + " characters");
        }
        UUID id = UUID.randomUUID();
        try {
            repository.insertApplication(id, name, text, actor);
        } catch (DuplicateKeyException e) {
            throw AccessException.conflict("name", "An application named '" + name + "' already exists");
        }
        LOG.info("Application '{}' ({}) created by {}", name, id, actor);
        return repository.findApplication(id).orElseThrow();
    }

    @Transactional(readOnly = true)
    public List<Application> applications() {
        return repository.listApplications();
    }

    @Transactional(readOnly = true)
    public Application application(UUID id) {
        return repository.findApplication(id).orElseThrow(() -> noApplication(id));
    }

    /** Deletes the application; its keys go with it and stop working at once. */
    @Transactional
    public void deleteApplication(UUID id, String actor) {
        Application application = repository.lockApplication(id).orElseThrow(() -> noApplication(id));
        repository.deleteApplication(id);
        LOG.info("Application '{}' ({}) and its keys deleted by {}", application.name(), id, actor);
    }

    @Transactional
    public IssuedApiKey issueKey(UUID applicationId, String name, List<String> scopes, Instant expiresAt,
                                 String actor) {
        Application application = repository.lockApplication(applicationId)
                .orElseThrow(() -> noApplication(applicationId));
        String keyName = name == null ? "" : name.strip();
        if (keyName.length() > MAX_KEY_NAME) {
            throw AccessException.invalid("name", "must be at most " + MAX_KEY_NAME + " characters");
        }
        List<String> scopeTexts = validScopes(scopes);
        if (expiresAt != null && !expiresAt.isAfter(clock.instant())) {
            throw AccessException.invalid("expiresAt", "must be in the future, got " + expiresAt);
        }
        if (repository.countActiveKeys(applicationId) >= properties.maxKeysPerApplication()) {
            throw AccessException.conflict(null, "Application '" + application.name() + "' already has "
                    + properties.maxKeysPerApplication() + " active keys; revoke one first");
        }
        ApiKeyCodec.NewKey key = codec.generate();
        UUID id = UUID.randomUUID();
        repository.insertKey(id, applicationId, keyName, key.publicPrefix(), key.sha256(), scopeTexts, expiresAt,
                actor);
        LOG.info("API key {} issued for application '{}' by {} with scopes {}{}", key.publicPrefix(),
                application.name(), actor, scopeTexts, expiresAt == null ? "" : ", expires " + expiresAt);
        return new IssuedApiKey(repository.findKey(applicationId, id).orElseThrow(), key.key());
    }

    @Transactional(readOnly = true)
    public List<ApiKeyInfo> keys(UUID applicationId) {
        application(applicationId);
        return repository.listKeys(applicationId);
    }

    /** Revokes a key; revoking a revoked key again changes nothing and is not an error. */
    @Transactional
    public ApiKeyInfo revokeKey(UUID applicationId, UUID keyId, String actor) {
        Application application = application(applicationId);
        ApiKeyInfo before = repository.findKey(applicationId, keyId).orElseThrow(() -> AccessException.notFound(
                "Application '" + application.name() + "' has no API key " + keyId));
        repository.revokeKey(applicationId, keyId, actor);
        if (before.revokedAt() == null) {
            LOG.info("API key {} of application '{}' revoked by {}", before.prefix(), application.name(), actor);
        }
        return repository.findKey(applicationId, keyId).orElseThrow();
    }

    private static List<String> validScopes(List<String> scopes) {
        if (scopes == null || scopes.isEmpty()) {
            throw AccessException.invalid("scopes", "must name at least one scope, e.g. [\"flow:*\"] or"
                    + " [\"flow:support-answer\", \"model:chat-default\"]");
        }
        if (scopes.size() > MAX_SCOPES) {
            throw AccessException.invalid("scopes", "must have at most " + MAX_SCOPES + " entries");
        }
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < scopes.size(); i++) {
            try {
                texts.add(ApiKeyScope.parse(scopes.get(i)).text());
            } catch (IllegalArgumentException e) {
                throw AccessException.invalid("scopes[" + i + "]", e.getMessage());
            }
        }
        return List.copyOf(new LinkedHashSet<>(texts));
    }

    private static AccessException noApplication(UUID id) {
        return AccessException.notFound("No application with id " + id);
    }
}
