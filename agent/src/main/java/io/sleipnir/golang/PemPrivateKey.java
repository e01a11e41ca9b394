package io.sleipnir.golang;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code tls_config.key_file} as Go's {@code tls.X509KeyPair} does: the first PEM block whose type ends in
 * {@code PRIVATE KEY}, in PKCS#8 ({@code PRIVATE KEY}), PKCS#1 ({@code RSA PRIVATE KEY}) or SEC 1
 * ({@code EC PRIVATE KEY}) form; other blocks ({@code EC PARAMETERS}) are skipped. Netty's own reader takes only
 * PKCS#8, but {@code openssl genrsa -traditional}, {@code openssl ecparam -genkey} and cert-manager (PKCS#1 by
 * default) write the other two. PKCS#1 and SEC 1 are wrapped into PKCS#8 for the JDK's key factories.
 * Encrypted keys are refused, as Promtail refuses them.
 */
public final class PemPrivateKey {
    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----\\R(.*?)-----END \\1-----", Pattern.DOTALL);
    private static final byte[] RSA_ALGORITHM = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86,
        (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00}; // SEQUENCE { rsaEncryption, NULL }
    private static final byte[] EC_PUBLIC_KEY_OID = {0x06, 0x07, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02,
        0x01}; // 1.2.840.10045.2.1
    private static final byte[] VERSION_0 = {0x02, 0x01, 0x00};

    private PemPrivateKey() {
    }

    public static PrivateKey read(Path file) throws IOException, GeneralSecurityException {
        try {
            return parse(Files.readString(file, StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new GeneralSecurityException("key_file " + file + ": " + e.getMessage(), e);
        }
    }

    public static PrivateKey parse(String text) throws GeneralSecurityException {
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            String type = m.group(1);
            if (!type.endsWith("PRIVATE KEY")) {
                continue;
            }
            String body = m.group(2);
            if (type.startsWith("ENCRYPTED") || body.contains("Proc-Type:")) {
                throw new GeneralSecurityException("encrypted private keys are not supported");
            }
            byte[] der = Base64.getMimeDecoder().decode(body);
            return switch (type) {
                case "PRIVATE KEY" -> fromPkcs8(der, List.of("RSA", "EC", "Ed25519", "DSA"));
                case "RSA PRIVATE KEY" -> fromPkcs8(sequence(VERSION_0, RSA_ALGORITHM, octetString(der)), List.of("RSA"));
                case "EC PRIVATE KEY" -> fromPkcs8(sequence(VERSION_0, sequence(EC_PUBLIC_KEY_OID, sec1CurveOid(der)),
                        octetString(der)), List.of("EC"));
                default -> throw new GeneralSecurityException("unsupported PEM block " + type);
            };
        }
        throw new GeneralSecurityException("no PEM block of a private key found");
    }

    private static PrivateKey fromPkcs8(byte[] pkcs8, List<String> algorithms) throws GeneralSecurityException {
        GeneralSecurityException last = null;
        for (String algorithm : algorithms) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
            } catch (GeneralSecurityException e) {
                last = e;
            }
        }
        throw new GeneralSecurityException("not a " + String.join(", ", algorithms) + " private key", last);
    }

    /**
     * The named curve of a SEC 1 {@code ECPrivateKey ::= SEQUENCE { version, privateKey OCTET STRING,
     * parameters [0] OID OPTIONAL, publicKey [1] BIT STRING OPTIONAL }}, as an encoded OID.
     */
    private static byte[] sec1CurveOid(byte[] der) throws GeneralSecurityException {
        Der in = new Der(der);
        in.enter(0x30);
        in.skip(0x02);
        in.skip(0x04);
        if (in.atEnd() || in.peekTag() != 0xa0) {
            throw new GeneralSecurityException("EC PRIVATE KEY without named curve parameters");
        }
        in.enter(0xa0);
        int start = in.position();
        in.skip(0x06);
        return Arrays.copyOfRange(der, start, in.position());
    }

    private static byte[] sequence(byte[]... parts) {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            content.writeBytes(p);
        }
        return tagged(0x30, content.toByteArray());
    }

    private static byte[] octetString(byte[] content) {
        return tagged(0x04, content);
    }

    private static byte[] tagged(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + 6);
        out.write(tag);
        int n = content.length;
        if (n < 0x80) {
            out.write(n);
        } else {
            int bytes = n > 0xffffff ? 4 : n > 0xffff ? 3 : n > 0xff ? 2 : 1;
            out.write(0x80 | bytes);
            for (int i = bytes - 1; i >= 0; i--) {
                out.write(n >>> (8 * i));
            }
        }
        out.writeBytes(content);
        return out.toByteArray();
    }

    /** Just enough of a DER reader to walk a SEC 1 key: definite lengths, single-byte tags. */
    private static final class Der {
        private final byte[] der;
        private int pos;
        private int end;

        Der(byte[] der) {
            this.der = der;
            this.end = der.length;
        }

        int position() {
            return pos;
        }

        boolean atEnd() {
            return pos >= end;
        }

        int peekTag() {
            return der[pos] & 0xff;
        }

        /** Moves into the contents of the next element, which must have {@code tag}. */
        void enter(int tag) throws GeneralSecurityException {
            int length = header(tag);
            end = pos + length;
        }

        void skip(int tag) throws GeneralSecurityException {
            int length = header(tag);
            pos += length;
        }

        private int header(int tag) throws GeneralSecurityException {
            if (pos + 2 > end || (der[pos] & 0xff) != tag) {
                throw new GeneralSecurityException("malformed EC PRIVATE KEY");
            }
            pos++;
            int length = der[pos++] & 0xff;
            if (length >= 0x80) {
                int bytes = length & 0x7f;
                if (bytes == 0 || bytes > 3 || pos + bytes > end) {
                    throw new GeneralSecurityException("malformed EC PRIVATE KEY");
                }
                length = 0;
                for (int i = 0; i < bytes; i++) {
                    length = (length << 8) | (der[pos++] & 0xff);
                }
            }
            if (pos + length > end) {
                throw new GeneralSecurityException("malformed EC PRIVATE KEY");
            }
            return length;
        }
    }
}
