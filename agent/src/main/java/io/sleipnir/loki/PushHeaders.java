package io.sleipnir.loki;

import io.sleipnir.config.ClientConfig;
import io.sleipnir.model.Version;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The request headers of one client, computed once at start (secrets files are read here, as Promtail does).
 * Custom {@code headers} never replace the ones the agent sets (a clash is logged once, here), except
 * {@code Authorization}, which wins over the url's credentials, {@code basic_auth} and bearer tokens as in Promtail.
 */
public final class PushHeaders {
    private static final System.Logger LOG = System.getLogger(PushHeaders.class.getName());
    public static final String CONTENT_TYPE = "application/x-protobuf";
    public static final String TENANT_HEADER = "X-Scope-OrgID";

    private final Map<String, String> fixed;
    private final Map<String, String> custom;
    private final String customTenant;
    private final CredentialSource credentialSource;

    private PushHeaders(Map<String, String> fixed, Map<String, String> custom, String customTenant,
            CredentialSource credentialSource) {
        this.fixed = fixed;
        this.custom = custom;
        this.customTenant = customTenant;
        this.credentialSource = credentialSource;
    }

    public static PushHeaders of(ClientConfig config, String userAgent) {
        Map<String, String> fixed = new LinkedHashMap<>();
        fixed.put("Content-Type", CONTENT_TYPE);
        fixed.put("User-Agent", userAgent);
        CredentialSource source = credentialSource(config);
        String customAuthorization = config.headers().entrySet().stream()
                .filter(h -> h.getKey().equalsIgnoreCase("Authorization")).map(Map.Entry::getValue)
                .findFirst().orElse(null);
        if (customAuthorization != null) {
            // Promtail sets headers: on the request first; Go's url credentials and Prometheus' basic_auth and bearer
            // round trippers add theirs only when no Authorization is set, so the header wins (no secret file read).
            if (source != CredentialSource.NONE) {
                LOG.log(Level.WARNING, "client " + config.redactedUrl() + ": headers sets Authorization and "
                        + source.description() + " is configured too; the header is sent, as Promtail does");
            }
            source = CredentialSource.HEADER;
        } else if (source == CredentialSource.URL_USER_INFO && (config.basicAuth() != null
                || config.bearerToken() != null || config.bearerTokenFile() != null)) {
            LOG.log(Level.WARNING, "client " + config.redactedUrl() + ": the url carries credentials and basic_auth"
                    + " or a bearer token is set too; the url's are sent, as Promtail (Go's HTTP client) does");
        }
        String authorization = authorization(config, source);
        if (authorization != null) {
            fixed.put("Authorization", authorization);
        }
        Set<String> reserved = Set.of("content-type", "user-agent", "host", "content-length");
        Map<String, String> custom = new LinkedHashMap<>();
        String customTenant = null;
        for (Map.Entry<String, String> h : config.headers().entrySet()) {
            String key = h.getKey().toLowerCase(Locale.ROOT);
            if (reserved.contains(key)) {
                LOG.log(Level.WARNING, "custom header key already exists, skipping: " + h.getKey());
            } else if (key.equals("x-scope-orgid")) {
                customTenant = h.getValue(); // used only when no tenant is set, as Promtail
            } else {
                custom.put(h.getKey(), h.getValue());
            }
        }
        return new PushHeaders(Map.copyOf(fixed), Map.copyOf(custom), customTenant, source);
    }

    /** Where the Authorization header of every push comes from. */
    public CredentialSource credentialSource() {
        return credentialSource;
    }

    /**
     * Go's HTTP client turns the url's user info into basic auth before Prometheus' round trippers run, and those
     * add basic_auth or a bearer token only when no Authorization header is set yet: so in Promtail the url's
     * credentials win. Sleipnir does the same, and says so at start when both are configured.
     */
    public static CredentialSource credentialSource(ClientConfig config) {
        ClientConfig.BasicAuth basic = config.basicAuth();
        boolean basicSet = basic != null && basic.username() != null && !basic.username().isEmpty();
        boolean bearerFileSet = config.bearerTokenFile() != null && !config.bearerTokenFile().isEmpty();
        boolean bearerSet = config.bearerToken() != null && !config.bearerToken().isEmpty();
        if (config.urlUserInfo() != null) {
            return CredentialSource.URL_USER_INFO;
        }
        if (basicSet) {
            return basic.passwordFile() != null && !basic.passwordFile().isEmpty()
                    ? CredentialSource.BASIC_AUTH_PASSWORD_FILE : CredentialSource.BASIC_AUTH;
        }
        if (bearerFileSet) {
            return CredentialSource.BEARER_TOKEN_FILE;
        }
        return bearerSet ? CredentialSource.BEARER_TOKEN : CredentialSource.NONE;
    }

    /** Every header of a push for {@code tenant} (empty: no X-Scope-OrgID unless a custom one is configured). */
    public Map<String, String> forTenant(String tenant) {
        Map<String, String> all = new LinkedHashMap<>(fixed);
        if (!tenant.isEmpty()) {
            all.put(TENANT_HEADER, tenant);
        } else if (customTenant != null) {
            all.put(TENANT_HEADER, customTenant);
        }
        all.putAll(custom);
        return all;
    }

    /** {@code sleipnir/<version>}, the version {@code -version} prints (Promtail sends {@code promtail/<version>}). */
    public static String defaultUserAgent() {
        return "sleipnir/" + Version.get();
    }

    private static String authorization(ClientConfig config, CredentialSource source) {
        return switch (source) {
            case URL_USER_INFO -> basic(config.urlUserInfo().username(), config.urlUserInfo().password());
            case BASIC_AUTH -> basic(config.basicAuth().username(), config.basicAuth().password());
            case BASIC_AUTH_PASSWORD_FILE -> basic(config.basicAuth().username(),
                    readSecret(config.basicAuth().passwordFile()));
            case BEARER_TOKEN_FILE -> "Bearer " + readSecret(config.bearerTokenFile());
            case BEARER_TOKEN -> "Bearer " + config.bearerToken();
            case HEADER, NONE -> null;
        };
    }

    private static String basic(String username, String password) {
        String pair = username + ":" + (password == null ? "" : password);
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    /** Secrets files are trimmed, as Prometheus' HTTP client config does. */
    private static String readSecret(String file) {
        try {
            return Files.readString(Path.of(file), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read secret file " + file, e);
        }
    }
}
