package dev.weft.hub.access;

import dev.weft.hub.access.AccessModel.ApiKeyInfo;
import dev.weft.hub.access.AccessModel.Application;
import dev.weft.hub.access.AccessModel.KeyStatus;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/** SQL of the {@code access} schema. Times that decide validity are the database's, shared by all replicas. */
final class AccessRepository {

    private static final String KEY_COLUMNS = """
            k.id, k.application_id, k.name, k.prefix, k.scopes, k.created_at, k.created_by, k.expires_at,
            k.revoked_at, k.revoked_by,
            CASE WHEN k.revoked_at IS NOT NULL THEN 'revoked'
                 WHEN k.expires_at IS NOT NULL AND k.expires_at <= now() THEN 'expired'
                 ELSE 'active' END AS status
            """;

    private final JdbcClient jdbc;

    AccessRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Stored key material of an active key, for verification. */
    record ActiveKey(UUID keyId, String prefix, byte[] sha256, List<String> scopes, UUID applicationId,
                     String applicationName) {
    }

    void insertApplication(UUID id, String name, String description, String createdBy) {
        jdbc.sql("INSERT INTO access.application (id, name, description, created_by) VALUES (?, ?, ?, ?)")
                .params(id, name, description, createdBy).update();
    }

    Optional<Application> findApplication(UUID id) {
        return jdbc.sql("SELECT * FROM access.application WHERE id = ?").param(id).query(this::application).optional();
    }

    /** Reads the application and holds its row until the transaction ends, so key counts cannot race. */
    Optional<Application> lockApplication(UUID id) {
        return jdbc.sql("SELECT * FROM access.application WHERE id = ? FOR UPDATE").param(id)
                .query(this::application).optional();
    }

    List<Application> listApplications() {
        return jdbc.sql("SELECT * FROM access.application ORDER BY name").query(this::application).list();
    }

    boolean deleteApplication(UUID id) {
        return jdbc.sql("DELETE FROM access.application WHERE id = ?").param(id).update() == 1;
    }

    int countActiveKeys(UUID applicationId) {
        return jdbc.sql("""
                        SELECT count(*) FROM access.api_key
                         WHERE application_id = ? AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now())
                        """)
                .param(applicationId).query(Integer.class).single();
    }

    void insertKey(UUID id, UUID applicationId, String name, String prefix, byte[] sha256, List<String> scopes,
                   Instant expiresAt, String createdBy) {
        jdbc.sql("""
                        INSERT INTO access.api_key
                            (id, application_id, name, prefix, secret_sha256, scopes, expires_at, created_by)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                        """)
                .params(id, applicationId, name, prefix, sha256, scopes.toArray(String[]::new),
                        expiresAt == null ? null : Timestamp.from(expiresAt), createdBy)
                .update();
    }

    Optional<ApiKeyInfo> findKey(UUID applicationId, UUID keyId) {
        return jdbc.sql("SELECT " + KEY_COLUMNS + " FROM access.api_key k WHERE k.application_id = ? AND k.id = ?")
                .params(applicationId, keyId).query(this::keyInfo).optional();
    }

    List<ApiKeyInfo> listKeys(UUID applicationId) {
        return jdbc.sql("SELECT " + KEY_COLUMNS + " FROM access.api_key k WHERE k.application_id = ?"
                        + " ORDER BY k.created_at, k.prefix")
                .param(applicationId).query(this::keyInfo).list();
    }

    /** Revokes the key unless it already is; revoking twice keeps the first time and actor. */
    void revokeKey(UUID applicationId, UUID keyId, String revokedBy) {
        jdbc.sql("""
                        UPDATE access.api_key SET revoked_at = now(), revoked_by = ?
                         WHERE application_id = ? AND id = ? AND revoked_at IS NULL
                        """)
                .params(revokedBy, applicationId, keyId).update();
    }

    Optional<ActiveKey> findActiveKey(String prefix) {
        return jdbc.sql("""
                        SELECT k.id, k.prefix, k.secret_sha256, k.scopes, a.id AS application_id,
                               a.name AS application_name
                          FROM access.api_key k JOIN access.application a ON a.id = k.application_id
                         WHERE k.prefix = ? AND k.revoked_at IS NULL AND (k.expires_at IS NULL OR k.expires_at > now())
                        """)
                .param(prefix)
                .query((rs, n) -> new ActiveKey(rs.getObject("id", UUID.class), rs.getString("prefix"),
                        rs.getBytes("secret_sha256"), strings(rs.getArray("scopes")),
                        rs.getObject("application_id", UUID.class), rs.getString("application_name")))
                .optional();
    }

    private Application application(ResultSet rs, int row) throws SQLException {
        return new Application(rs.getObject("id", UUID.class), rs.getString("name"), rs.getString("description"),
                instant(rs, "created_at"), rs.getString("created_by"));
    }

    private ApiKeyInfo keyInfo(ResultSet rs, int row) throws SQLException {
        return new ApiKeyInfo(rs.getObject("id", UUID.class), rs.getObject("application_id", UUID.class),
                rs.getString("name"), rs.getString("prefix"), strings(rs.getArray("scopes")),
                instant(rs, "created_at"), rs.getString("created_by"), instant(rs, "expires_at"),
                instant(rs, "revoked_at"), rs.getString("revoked_by"), KeyStatus.valueOf(rs.getString("status")));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    private static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }
}
