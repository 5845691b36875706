package io.tagtrail.security;

import io.vertx.core.net.JksOptions;
import io.vertx.core.net.KeyCertOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.PfxOptions;
import io.vertx.core.net.TrustOptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Certificates and keys from files: PEM, or PKCS#12 ({@code .p12}, {@code .pfx}) and JKS key stores. */
public final class TlsFiles {
    private TlsFiles() {
    }

    /** The server's certificate and key: a PKCS#12 file (key empty), or a PEM certificate and a PEM key. */
    public static KeyCertOptions keyCert(Path cert, Path key, String password) {
        requireReadable("endpoint.tls-cert", cert);
        if (isKeyStore(cert)) {
            return new PfxOptions().setPath(cert.toString()).setPassword(password);
        }
        if (key == null) {
            throw new IllegalArgumentException("endpoint.tls-key is required with a PEM endpoint.tls-cert");
        }
        requireReadable("endpoint.tls-key", key);
        return new PemKeyCertOptions().setCertPath(cert.toString()).setKeyPath(key.toString());
    }

    /** Certificates to trust: a PEM file of CA certificates, or a PKCS#12 / JKS trust store. */
    public static TrustOptions trust(Path file, String password) {
        requireReadable("mqtt.tls-ca", file);
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".jks")) {
            return new JksOptions().setPath(file.toString()).setPassword(password);
        }
        if (isKeyStore(file)) {
            return new PfxOptions().setPath(file.toString()).setPassword(password);
        }
        return new PemTrustOptions().addCertPath(file.toString());
    }

    private static boolean isKeyStore(Path p) {
        String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".p12") || name.endsWith(".pfx");
    }

    private static void requireReadable(String setting, Path p) {
        if (!Files.isReadable(p)) {
            throw new IllegalArgumentException(setting + " " + p + " is not a readable file");
        }
    }
}
