package dev.weft.workers.llm.secret;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Turns a stored credential reference into a {@link Secret}. Accepted forms, the only ones the registry stores:
 * <ul>
 *   <li>{@code null} or empty: no credential;</li>
 *   <li>{@code env:NAME}: the value of environment variable NAME, read at call time so rotation needs no restart;</li>
 *   <li>{@code secret:NAME}: a named secret, the file NAME in the secrets directory ({@code WEFT_SECRETS_DIR},
 *       default {@code /run/secrets}, where Docker and Kubernetes mount secrets), read at call time and stripped of
 *       surrounding whitespace;</li>
 *   <li>{@code enc:v1:...}: encrypted at rest with {@link SecretCipher} (key from {@code WEFT_SECRET_KEY}).</li>
 * </ul>
 * Plain-text keys are refused, so none can end up in the database.
 */
public final class CredentialResolver {

    /** Environment variable naming the directory of {@code secret:} references. */
    public static final String SECRETS_DIR_ENV = "WEFT_SECRETS_DIR";
    private static final Path DEFAULT_SECRETS_DIR = Path.of("/run/secrets");
    private static final String NAME = "[A-Za-z_][A-Za-z0-9_]*";
    private static final String SECRET_NAME = "[A-Za-z0-9_][A-Za-z0-9_.-]*";

    private final Function<String, String> env;
    private final Supplier<SecretCipher> cipher;
    private final Path secretsDir;

    /** Resolves {@code secret:} references in {@code /run/secrets}. */
    public CredentialResolver(Function<String, String> env, Supplier<SecretCipher> cipher) {
        this(env, cipher, DEFAULT_SECRETS_DIR);
    }

    public CredentialResolver(Function<String, String> env, Supplier<SecretCipher> cipher, Path secretsDir) {
        this.env = env;
        this.cipher = cipher;
        this.secretsDir = secretsDir;
    }

    /** Reads the process environment; the cipher is built on first use of an encrypted value. */
    public static CredentialResolver fromEnvironment() {
        Map<String, String> env = System.getenv();
        String dir = env.get(SECRETS_DIR_ENV);
        return new CredentialResolver(env::get, () -> SecretCipher.fromBase64(env.get(SecretCipher.KEY_ENV)),
                dir == null || dir.isBlank() ? DEFAULT_SECRETS_DIR : Path.of(dir));
    }

    /** Checks a reference's form without resolving it; throws IllegalArgumentException naming the problem. */
    public static void validateReference(String ref) {
        if (ref == null || ref.isEmpty()) {
            return;
        }
        if (ref.startsWith("env:")) {
            if (!ref.substring(4).matches(NAME)) {
                throw new IllegalArgumentException("credential: 'env:' must be followed by an environment variable name");
            }
            return;
        }
        if (ref.startsWith("secret:")) {
            // A plain file name: no separators and no leading dot, so a reference cannot leave the directory.
            if (!ref.substring(7).matches(SECRET_NAME)) {
                throw new IllegalArgumentException("credential: 'secret:' must be followed by a secret name "
                        + "(letters, digits, '_', '.', '-'; no path)");
            }
            return;
        }
        if (ref.startsWith(SecretCipher.PREFIX)) {
            return;
        }
        throw new IllegalArgumentException("credential: must be 'env:NAME', 'secret:NAME' or an encrypted value ('"
                + SecretCipher.PREFIX + "...'); plain-text keys are not stored");
    }

    public Secret resolve(String ref) {
        validateReference(ref);
        if (ref == null || ref.isEmpty()) {
            return Secret.none();
        }
        if (ref.startsWith("env:")) {
            String name = ref.substring(4);
            String value = env.apply(name);
            if (value == null || value.isEmpty()) {
                throw new IllegalStateException("credential: environment variable " + name + " is not set");
            }
            return Secret.of(value);
        }
        if (ref.startsWith("secret:")) {
            return Secret.of(readSecret(ref.substring(7)));
        }
        return Secret.of(cipher.get().decrypt(ref));
    }

    private String readSecret(String name) {
        Path file = secretsDir.resolve(name);
        String value;
        try {
            value = Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (NoSuchFileException e) {
            throw new IllegalStateException("credential: secret " + name + " does not exist in " + secretsDir);
        } catch (IOException e) {
            throw new IllegalStateException("credential: secret " + name + " in " + secretsDir + " cannot be read ("
                    + e.getClass().getSimpleName() + ")");
        }
        if (value.isEmpty()) {
            throw new IllegalStateException("credential: secret " + name + " in " + secretsDir + " is empty");
        }
        return value;
    }
}
