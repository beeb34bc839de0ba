package dev.weft.workers.llm.secret;

import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Turns a stored credential reference into a {@link Secret}. Accepted forms, the only ones the registry stores:
 * <ul>
 *   <li>{@code null} or empty: no credential;</li>
 *   <li>{@code env:NAME}: the value of environment variable NAME, read at call time so rotation needs no restart;</li>
 *   <li>{@code enc:v1:...}: encrypted at rest with {@link SecretCipher} (key from {@code WEFT_SECRET_KEY}).</li>
 * </ul>
 * Plain-text keys are refused, so none can end up in the database.
 */
public final class CredentialResolver {

    private final Function<String, String> env;
    private final Supplier<SecretCipher> cipher;

    public CredentialResolver(Function<String, String> env, Supplier<SecretCipher> cipher) {
        this.env = env;
        this.cipher = cipher;
    }

    /** Reads the process environment; the cipher is built on first use of an encrypted value. */
    public static CredentialResolver fromEnvironment() {
        Map<String, String> env = System.getenv();
        return new CredentialResolver(env::get, () -> SecretCipher.fromBase64(env.get(SecretCipher.KEY_ENV)));
    }

    /** Checks a reference's form without resolving it; throws IllegalArgumentException naming the problem. */
    public static void validateReference(String ref) {
        if (ref == null || ref.isEmpty()) {
            return;
        }
        if (ref.startsWith("env:")) {
            if (!ref.substring(4).matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw new IllegalArgumentException("credential: 'env:' must be followed by an environment variable name");
            }
            return;
        }
        if (ref.startsWith(SecretCipher.PREFIX)) {
            return;
        }
        throw new IllegalArgumentException("credential: must be 'env:NAME' or an encrypted value ('"
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
        return Secret.of(cipher.get().decrypt(ref));
    }
}
