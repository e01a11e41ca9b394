package io.sleipnir.source;

import io.sleipnir.config.ServerTls;
import io.sleipnir.golang.PemPrivateKey;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** A listener's {@link SSLContext} from PEM files, as Promtail's {@code newTLSConfig} builds Go's. */
public final class ServerTlsContexts {
    private ServerTlsContexts() {
    }

    /** @throws IOException naming the file that could not be read or parsed */
    public static SSLContext create(ServerTls tls) throws IOException {
        try {
            PrivateKey key = PemPrivateKey.read(Path.of(tls.keyFile()));
            Certificate[] chain = certificates(tls.certFile(), "cert_file").toArray(new Certificate[0]);
            if (chain.length == 0) {
                throw new IOException("cert_file " + tls.certFile() + ": no certificate found");
            }
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("server", key, new char[0], chain);
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, new char[0]);
            TrustManagerFactory tmf = null;
            if (tls.caFile() != null) {
                KeyStore trusted = KeyStore.getInstance("PKCS12");
                trusted.load(null, null);
                int i = 0;
                for (Certificate c : certificates(tls.caFile(), "ca_file")) {
                    trusted.setCertificateEntry("ca" + i++, c);
                }
                if (i == 0) {
                    throw new IOException("ca_file " + tls.caFile() + ": unable to parse client CA certificate");
                }
                tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(trusted);
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), tmf == null ? null : tmf.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IOException("unable to load server certificate or key: " + e.getMessage(), e);
        }
    }

    private static Collection<? extends Certificate> certificates(String file, String key)
            throws IOException, GeneralSecurityException {
        try (InputStream in = Files.newInputStream(Path.of(file))) {
            return CertificateFactory.getInstance("X.509").generateCertificates(in);
        } catch (IOException e) {
            throw new IOException(key + " " + file + ": " + e.getMessage(), e);
        }
    }
}
