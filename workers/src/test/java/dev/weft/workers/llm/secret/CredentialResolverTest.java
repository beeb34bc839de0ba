package dev.weft.workers.llm.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CredentialResolverTest {

    private static final byte[] KEY = new byte[32];

    static {
        new SecureRandom().nextBytes(KEY);
    }

    private final SecretCipher cipher = new SecretCipher(KEY);
    private final CredentialResolver resolver = new CredentialResolver(Map.of("OPENAI_KEY", "sk-live")::get, () -> cipher);

    @Test
    void resolvesEnvironmentReferences() {
        assertThat(resolver.resolve("env:OPENAI_KEY").reveal()).isEqualTo("sk-live");
        assertThatThrownBy(() -> resolver.resolve("env:MISSING")).hasMessageContaining("MISSING is not set");
    }

    @Test
    void resolvesNamedSecretFilesAtCallTime(@TempDir Path dir) throws Exception {
        CredentialResolver files = new CredentialResolver(Map.<String, String>of()::get, () -> cipher, dir);
        Files.writeString(dir.resolve("openai-key"), "sk-mounted\n");

        assertThat(files.resolve("secret:openai-key").reveal()).isEqualTo("sk-mounted");
        Files.writeString(dir.resolve("openai-key"), "sk-rotated");
        assertThat(files.resolve("secret:openai-key").reveal()).isEqualTo("sk-rotated");
        Files.writeString(dir.resolve("blank"), " \n");
        assertThatThrownBy(() -> files.resolve("secret:missing")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("secret missing does not exist in " + dir);
        assertThatThrownBy(() -> files.resolve("secret:blank")).hasMessageContaining("secret blank").hasMessageContaining("is empty");
    }

    @Test
    void aSecretNameCannotLeaveTheSecretsDirectory(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("outside"), "sk-outside");
        Path secrets = Files.createDirectory(dir.resolve("secrets"));
        CredentialResolver files = new CredentialResolver(Map.<String, String>of()::get, () -> cipher, secrets);

        for (String ref : new String[] {"secret:../outside", "secret:.hidden", "secret:a/b", "secret:" + dir.resolve("outside"), "secret:"}) {
            assertThatThrownBy(() -> files.resolve(ref)).as(ref).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'secret:' must be followed by a secret name");
        }
    }

    @Test
    void decryptsWhatTheCipherEncryptedAndEncryptsDifferentlyEachTime() {
        String a = cipher.encrypt("sk-stored");
        String b = cipher.encrypt("sk-stored");

        assertThat(a).startsWith(SecretCipher.PREFIX).doesNotContain("sk-stored").isNotEqualTo(b);
        assertThat(resolver.resolve(a).reveal()).isEqualTo("sk-stored");
    }

    @Test
    void refusesTamperedValuesAndOtherKeys() {
        String sealed = cipher.encrypt("sk-stored");
        byte[] raw = Base64.getDecoder().decode(sealed.substring(SecretCipher.PREFIX.length()));
        raw[raw.length - 1] ^= 1;
        String tampered = SecretCipher.PREFIX + Base64.getEncoder().encodeToString(raw);

        assertThatThrownBy(() -> resolver.resolve(tampered)).hasMessageContaining("could not be decrypted");
        assertThatThrownBy(() -> new SecretCipher(new byte[16]).decrypt(sealed)).hasMessageContaining("could not be decrypted");
    }

    @Test
    void refusesPlainTextKeys() {
        assertThatThrownBy(() -> CredentialResolver.validateReference("sk-plain"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("plain-text keys are not stored");
        assertThat(resolver.resolve(null).isPresent()).isFalse();
    }

    @Test
    void explainsAMissingOrBadKey() {
        assertThatThrownBy(() -> SecretCipher.fromBase64(null)).hasMessageContaining("WEFT_SECRET_KEY is not set");
        assertThatThrownBy(() -> SecretCipher.fromBase64(Base64.getEncoder().encodeToString(new byte[5])))
                .hasMessageContaining("16, 24 or 32 bytes");
    }

    @Test
    void secretsDoNotPrintTheirValue() {
        assertThat(Secret.of("sk-live").toString()).doesNotContain("sk-live");
    }
}
