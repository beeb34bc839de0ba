package dev.weft.hub.access;

import dev.weft.hub.access.AccessModel.ApiKeyInfo;
import dev.weft.hub.access.AccessModel.Application;
import dev.weft.hub.access.AccessModel.IssuedApiKey;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/admin/applications}: applications and their API keys, for role admin (see SecurityConfiguration). */
@RestController
@RequestMapping("/api/admin/applications")
class AdminApplicationsController {

    /** @param name lowercase letters, digits, '-'; unique */
    record CreateApplication(String name, String description) {
    }

    /**
     * @param scopes    what the key may use: {@code flow:<id>}, {@code flow:*}, {@code model:<alias>}, {@code model:*}
     * @param expiresAt optional end of validity (ISO-8601); absent = until revoked
     */
    record CreateKey(String name, List<String> scopes, Instant expiresAt) {
    }

    /** The issued key: {@code key} is shown this once and cannot be read again. */
    record IssuedKey(ApiKeyInfo info, String key) {
        static IssuedKey of(IssuedApiKey issued) {
            return new IssuedKey(issued.info(), issued.key());
        }
    }

    private final AccessAdministration administration;

    AdminApplicationsController(AccessAdministration administration) {
        this.administration = administration;
    }

    @PostMapping
    ResponseEntity<Application> create(@RequestBody CreateApplication request, Authentication actor) {
        Application created = administration.createApplication(request.name(), request.description(), actor.getName());
        return ResponseEntity.created(URI.create("/api/admin/applications/" + created.id())).body(created);
    }

    @GetMapping
    List<Application> list() {
        return administration.applications();
    }

    @GetMapping("/{id}")
    Application get(@PathVariable UUID id) {
        return administration.application(id);
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@PathVariable UUID id, Authentication actor) {
        administration.deleteApplication(id, actor.getName());
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/{id}/keys")
    ResponseEntity<IssuedKey> issueKey(@PathVariable UUID id, @RequestBody CreateKey request, Authentication actor) {
        IssuedApiKey issued = administration.issueKey(id, request.name(), request.scopes(), request.expiresAt(),
                actor.getName());
        return ResponseEntity.created(URI.create("/api/admin/applications/" + id + "/keys/" + issued.info().id()))
                .header("Cache-Control", "no-store")
                .body(IssuedKey.of(issued));
    }

    @GetMapping("/{id}/keys")
    List<ApiKeyInfo> keys(@PathVariable UUID id) {
        return administration.keys(id);
    }

    @DeleteMapping("/{id}/keys/{keyId}")
    ApiKeyInfo revoke(@PathVariable UUID id, @PathVariable UUID keyId, Authentication actor) {
        return administration.revokeKey(id, keyId, actor.getName());
    }
}
