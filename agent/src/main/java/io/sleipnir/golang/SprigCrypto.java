package io.sleipnir.golang;

import static io.sleipnir.golang.TemplateBuiltins.put;
import static io.sleipnir.golang.TemplateHelpers.utf8;
import static io.sleipnir.golang.TemplateValues.integer;
import static io.sleipnir.golang.TemplateValues.str;

import io.sleipnir.golang.GoTemplate.ExecutionException;
import io.sleipnir.golang.GoTemplate.Func;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * sprig's digests, random strings and AES functions (crypto.go, with goutils' CryptoRandom*): the digests and
 * {@code decryptAES} give sprig's exact output; the random ones draw from a {@link SecureRandom} as goutils draws
 * from crypto/rand, with the same lengths and alphabets. Key, certificate and password-hash generators are
 * refused at start ({@link TemplateBuiltins#REFUSED}).
 */
final class SprigCrypto {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private static final String DIGITS = "0123456789";

    private SprigCrypto() {
    }

    static void register(Map<String, Func> f) {
        put(f, "sha1sum", 1, 1, a -> TemplateHelpers.hex("SHA-1", str(a, 0, "sha1sum")));
        put(f, "sha256sum", 1, 1, a -> TemplateHelpers.hex("SHA-256", str(a, 0, "sha256sum")));
        put(f, "adler32sum", 1, 1, a -> {
            java.util.zip.Adler32 adler = new java.util.zip.Adler32();
            adler.update(utf8(str(a, 0, "adler32sum")));
            return Long.toString(adler.getValue());
        });
        put(f, "uuidv4", 0, 0, a -> UUID.randomUUID().toString());
        put(f, "randAlphaNum", 1, 1, a -> random(integer(a, 0, "randAlphaNum"), LETTERS + DIGITS));
        put(f, "randAlpha", 1, 1, a -> random(integer(a, 0, "randAlpha"), LETTERS));
        put(f, "randNumeric", 1, 1, a -> random(integer(a, 0, "randNumeric"), DIGITS));
        put(f, "randAscii", 1, 1, a -> random(integer(a, 0, "randAscii"), printableAscii()));
        put(f, "randBytes", 1, 1, a -> {
            long count = integer(a, 0, "randBytes");
            if (count < 0 || count > SprigCollections.MAX_ITEMS) {
                throw new ExecutionException("error calling randBytes: bad count " + count);
            }
            byte[] b = new byte[(int) count];
            RANDOM.nextBytes(b);
            return Base64.getEncoder().encodeToString(b);
        });
        put(f, "encryptAES", 2, 2, a -> encrypt(str(a, 0, "encryptAES"), str(a, 1, "encryptAES")));
        put(f, "decryptAES", 2, 2, a -> decrypt(str(a, 0, "decryptAES"), str(a, 1, "decryptAES")));
    }

    /** goutils' CryptoRandom over an alphabet; a negative count is goutils' error, which sprig drops: "". */
    private static String random(long count, String alphabet) throws ExecutionException {
        if (count <= 0) {
            return "";
        }
        if (count > SprigCollections.MAX_ITEMS) {
            throw new ExecutionException("random string of " + count + " characters: more than "
                    + SprigCollections.MAX_ITEMS);
        }
        StringBuilder b = new StringBuilder((int) count);
        for (int i = 0; i < count; i++) {
            b.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return b.toString();
    }

    private static String printableAscii() {
        StringBuilder b = new StringBuilder();
        for (char c = ' '; c <= '~'; c++) {
            b.append(c);
        }
        return b.toString();
    }

    /** The password's bytes, zero-padded (or cut) to 32: an AES-256 key, as sprig makes it. */
    private static SecretKeySpec key(String password) {
        return new SecretKeySpec(Arrays.copyOf(utf8(password), 32), "AES");
    }

    /** sprig's encryptAES: PKCS#7 padding, a random IV in front, AES-256-CBC, base64. */
    private static String encrypt(String password, String plaintext) throws ExecutionException {
        if (plaintext.isEmpty()) {
            return "";
        }
        try {
            byte[] iv = new byte[16];
            RANDOM.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/CBC/PKCS5Padding");
            cipher.init(Cipher.ENCRYPT_MODE, key(password), new IvParameterSpec(iv));
            byte[] body = cipher.doFinal(utf8(plaintext));
            byte[] out = Arrays.copyOf(iv, 16 + body.length);
            System.arraycopy(body, 0, out, 16, body.length);
            return Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new ExecutionException("error calling encryptAES: " + e.getMessage());
        }
    }

    /** sprig's decryptAES: the reverse; the padding's last byte says how much to drop, unchecked as in sprig. */
    private static String decrypt(String password, String crypt64) throws ExecutionException {
        if (crypt64.isEmpty()) {
            return "";
        }
        byte[] crypt;
        try {
            crypt = Base64.getDecoder().decode(crypt64);
        } catch (IllegalArgumentException e) {
            throw new ExecutionException("error calling decryptAES: illegal base64 data");
        }
        if (crypt.length < 16 || (crypt.length - 16) % 16 != 0) {
            throw new ExecutionException("error calling decryptAES: crypto/cipher: input not full blocks");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/CBC/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key(password), new IvParameterSpec(crypt, 0, 16));
            byte[] plain = cipher.doFinal(crypt, 16, crypt.length - 16);
            if (plain.length == 0) {
                throw new ExecutionException("error calling decryptAES: runtime error: index out of range [-1]");
            }
            int pad = plain[plain.length - 1] & 0xFF;
            if (pad > plain.length) {
                throw new ExecutionException("error calling decryptAES: runtime error: slice bounds out of range");
            }
            return new String(plain, 0, plain.length - pad, StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new ExecutionException("error calling decryptAES: " + e.getMessage());
        }
    }
}
