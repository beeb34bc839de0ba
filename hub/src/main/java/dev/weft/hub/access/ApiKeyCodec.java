package dev.weft.hub.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * The shape of an API key: {@code <prefix>_<id>_<secret>}, e.g. {@code wft_k3v9x0q2m7a1_Jx...}. The part up to
 * the id is public (stored, listed, logged) and finds the key's row; the secret is 256 random bits. Only the
 * SHA-256 of the whole key is stored: a fast hash is enough for a secret with that much entropy.
 */
final class ApiKeyCodec {

    /** Lowercase letters and digits without the look-alikes 0/o and 1/l, so prefixes read back correctly. */
    private static final char[] ID_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789".toCharArray();
    private static final int ID_LENGTH = 12;
    private static final int SECRET_BYTES = 32;
    private static final int SECRET_LENGTH = 43; // base64url of 32 bytes without padding

    private final SecureRandom random = new SecureRandom();
    private final String keyPrefix;

    ApiKeyCodec(String keyPrefix) {
        this.keyPrefix = keyPrefix;
    }

    /** A freshly generated key. {@link #toString()} never shows the secret. */
    record NewKey(String publicPrefix, String key, byte[] sha256) {
        @Override
        public String toString() {
            return "NewKey[" + publicPrefix + "_...]";
        }
    }

    NewKey generate() {
        StringBuilder id = new StringBuilder(ID_LENGTH);
        for (int i = 0; i < ID_LENGTH; i++) {
            id.append(ID_ALPHABET[random.nextInt(ID_ALPHABET.length)]);
        }
        byte[] secret = new byte[SECRET_BYTES];
        random.nextBytes(secret);
        String publicPrefix = keyPrefix + "_" + id;
        String key = publicPrefix + "_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        return new NewKey(publicPrefix, key, sha256(key));
    }

    /** The public prefix of a presented key, or empty when it does not have the shape of one of our keys. */
    Optional<String> publicPrefixOf(String presented) {
        if (presented == null) {
            return Optional.empty();
        }
        int idStart = keyPrefix.length() + 1;
        int secretStart = idStart + ID_LENGTH + 1;
        if (presented.length() != secretStart + SECRET_LENGTH
                || !presented.startsWith(keyPrefix + "_")
                || presented.charAt(secretStart - 1) != '_') {
            return Optional.empty();
        }
        return Optional.of(presented.substring(0, secretStart - 1));
    }

    static byte[] sha256(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** Compares in constant time, so response times tell nothing about how much of a guess was right. */
    static boolean matches(String presented, byte[] storedSha256) {
        return MessageDigest.isEqual(sha256(presented), storedSha256);
    }
}
