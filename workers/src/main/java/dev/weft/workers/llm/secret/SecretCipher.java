package dev.weft.workers.llm.secret;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts credentials for storage with AES-GCM. Stored form: {@code enc:v1:<base64(iv || ciphertext+tag)>}.
 * The key is 16, 24 or 32 bytes, given base64-encoded in {@code WEFT_SECRET_KEY}; a fresh 12-byte IV per value
 * makes two encryptions of the same key differ, and the tag makes tampering fail loudly.
 */
public final class SecretCipher {

    public static final String PREFIX = "enc:v1:";
    public static final String KEY_ENV = "WEFT_SECRET_KEY";

    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;

    public SecretCipher(byte[] key) {
        if (key.length != 16 && key.length != 24 && key.length != 32) {
            throw new IllegalArgumentException(KEY_ENV + " must decode to 16, 24 or 32 bytes, got " + key.length);
        }
        this.key = new SecretKeySpec(key.clone(), "AES");
    }

    /** From the base64 text of {@code WEFT_SECRET_KEY}. */
    public static SecretCipher fromBase64(String base64Key) {
        if (base64Key == null || base64Key.isBlank()) {
            throw new IllegalStateException(KEY_ENV + " is not set: it is needed to encrypt or decrypt stored"
                    + " credentials. Generate one with: openssl rand -base64 32");
        }
        try {
            return new SecretCipher(Base64.getDecoder().decode(base64Key.trim()));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(KEY_ENV + " is not valid base64 of a 16/24/32-byte AES key: " + e.getMessage(), e);
        }
    }

    public String encrypt(String plain) {
        byte[] iv = new byte[IV_BYTES];
        RANDOM.nextBytes(iv);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
            byte[] sealed = c.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            ByteBuffer out = ByteBuffer.allocate(iv.length + sealed.length).put(iv).put(sealed);
            return PREFIX + Base64.getEncoder().encodeToString(out.array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
    }

    public String decrypt(String stored) {
        if (!stored.startsWith(PREFIX)) {
            throw new IllegalArgumentException("Not an encrypted credential (expected prefix " + PREFIX + ")");
        }
        byte[] all;
        try {
            all = Base64.getDecoder().decode(stored.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Encrypted credential is not valid base64", e);
        }
        if (all.length <= IV_BYTES) {
            throw new IllegalArgumentException("Encrypted credential is too short");
        }
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, all, 0, IV_BYTES));
            return new String(c.doFinal(all, IV_BYTES, all.length - IV_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            // Wrong key or altered value; the message must not echo either.
            throw new IllegalArgumentException("Encrypted credential could not be decrypted with " + KEY_ENV
                    + " (wrong key or tampered value)");
        }
    }
}
