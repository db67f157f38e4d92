package dev.tandem.gateway.ids;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;

import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * Document ids, and the read-only id of each, without storing anything.
 *
 * <p>A new document id is 128 bits from {@link SecureRandom}, as 22 characters of unpadded base64url (a valid
 * protocol identifier). Its read-only id is {@value #READ_ONLY_PREFIX} followed by the same 128 bits encrypted with
 * AES under the deployment's key (one block: a keyed pseudo-random permutation), also as 22 characters. So the
 * mapping is durable as long as the key is: the gateway decrypts a read-only id back to its document id, and
 * without the key nobody can compute a document id from its read-only id (nor forge the read-only id of a
 * document they cannot already write).
 *
 * <p>Ids of the form {@code ro_} + 22 base64url characters are reserved for read-only ids; any other valid
 * identifier names a writable document, as docs/protocol.md says.
 */
public final class ReadOnlyIds {
    public static final String READ_ONLY_PREFIX = "ro_";
    private static final Pattern READ_ONLY = Pattern.compile("ro_[A-Za-z0-9_-]{22}");
    private static final Pattern CREATED = Pattern.compile("[A-Za-z0-9_-]{22}");
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final SecretKeySpec key;
    private final SecureRandom random = new SecureRandom();

    /** @param base64Key 16, 24 or 32 bytes, base64 (standard or url alphabet) */
    public ReadOnlyIds(String base64Key) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64Key.trim().replace('-', '+').replace('_', '/'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("tandem.gateway.read-only.key must be base64: " + e.getMessage());
        }
        if (bytes.length != 16 && bytes.length != 24 && bytes.length != 32) {
            throw new IllegalArgumentException("tandem.gateway.read-only.key must be 16, 24 or 32 bytes, was "
                    + bytes.length);
        }
        this.key = new SecretKeySpec(bytes, "AES");
    }

    /** A document that can be shared: its id and its read-only id. */
    public record NewDocument(String docId, String readOnlyId) {
    }

    /** Where a path's document id leads. */
    public record Address(String docId, boolean readOnly) {
    }

    /** A new, unguessable document id and its read-only id. */
    public NewDocument create() {
        byte[] id = new byte[16];
        random.nextBytes(id);
        return new NewDocument(ENCODER.encodeToString(id), READ_ONLY_PREFIX + ENCODER.encodeToString(aes(id, true)));
    }

    /** The read-only id of a document id made by {@link #create()}; empty for other ids. */
    public Optional<String> readOnlyIdOf(String docId) {
        return canonical(docId).map(bytes -> READ_ONLY_PREFIX + ENCODER.encodeToString(aes(bytes, true)));
    }

    /**
     * The document a path's id names: a read-only id leads read-only to its document; any other id to itself.
     * Empty for a string of the read-only form that is not a read-only id of this deployment's (not canonical).
     */
    public Optional<Address> resolve(String id) {
        if (!READ_ONLY.matcher(id).matches()) {
            return Optional.of(new Address(id, false));
        }
        return canonical(id.substring(READ_ONLY_PREFIX.length()))
                .map(bytes -> new Address(ENCODER.encodeToString(aes(bytes, false)), true));
    }

    public static boolean isReadOnlyForm(String id) {
        return READ_ONLY.matcher(id).matches();
    }

    /** The 16 bytes of a 22-character id, if it is their one and only encoding. */
    private static Optional<byte[]> canonical(String id) {
        if (!CREATED.matcher(id).matches()) {
            return Optional.empty();
        }
        byte[] bytes = DECODER.decode(id);
        return bytes.length == 16 && ENCODER.encodeToString(bytes).equals(id) ? Optional.of(bytes) : Optional.empty();
    }

    private byte[] aes(byte[] block, boolean encrypt) {
        try {
            Cipher cipher = Cipher.getInstance("AES/ECB/NoPadding"); // one block: ECB is the bare permutation
            cipher.init(encrypt ? Cipher.ENCRYPT_MODE : Cipher.DECRYPT_MODE, key);
            return cipher.doFinal(block);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES is not available", e);
        }
    }
}
