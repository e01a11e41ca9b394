package io.sleipnir.loki;

import io.sleipnir.config.ClientConfig;
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
 * Custom {@code headers} never replace the ones the agent sets; a clash is logged once, here.
 */
public final class PushHeaders {
    private static final System.Logger LOG = System.getLogger(PushHeaders.class.getName());
    public static final String CONTENT_TYPE = "application/x-protobuf";
    public static final String TENANT_HEADER = "X-Scope-OrgID";

    private final Map<String, String> fixed;
    private final Map<String, String> custom;
    private final String customTenant;

    private PushHeaders(Map<String, String> fixed, Map<String, String> custom, String customTenant) {
        this.fixed = fixed;
        this.custom = custom;
        this.customTenant = customTenant;
    }

    public static PushHeaders of(ClientConfig config, String userAgent) {
        Map<String, String> fixed = new LinkedHashMap<>();
        fixed.put("Content-Type", CONTENT_TYPE);
        fixed.put("User-Agent", userAgent);
        String authorization = authorization(config);
        if (authorization != null) {
            fixed.put("Authorization", authorization);
        }
        Set<String> reserved = Set.of("content-type", "user-agent", "host", "content-length", "authorization");
        Map<String, String> custom = new LinkedHashMap<>();
        String customTenant = null;
        for (Map.Entry<String, String> h : config.headers().entrySet()) {
            String key = h.getKey().toLowerCase(Locale.ROOT);
            boolean clashes = reserved.contains(key) && (!key.equals("authorization") || authorization != null);
            if (clashes) {
                LOG.log(Level.WARNING, "custom header key already exists, skipping: " + h.getKey());
            } else if (key.equals("x-scope-orgid")) {
                customTenant = h.getValue(); // used only when no tenant is set, as Promtail
            } else {
                custom.put(h.getKey(), h.getValue());
            }
        }
        return new PushHeaders(Map.copyOf(fixed), Map.copyOf(custom), customTenant);
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

    /** {@code sleipnir/<Implementation-Version>}, or {@code sleipnir/dev} when not run from a packaged jar. */
    public static String defaultUserAgent() {
        String version = PushHeaders.class.getPackage().getImplementationVersion();
        return "sleipnir/" + (version == null || version.isEmpty() ? "dev" : version);
    }

    private static String authorization(ClientConfig config) {
        ClientConfig.BasicAuth basic = config.basicAuth();
        if (basic != null && basic.username() != null && !basic.username().isEmpty()) {
            String password = basic.password();
            if (basic.passwordFile() != null && !basic.passwordFile().isEmpty()) {
                password = readSecret(basic.passwordFile());
            }
            String pair = basic.username() + ":" + (password == null ? "" : password);
            return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
        }
        if (config.bearerTokenFile() != null && !config.bearerTokenFile().isEmpty()) {
            return "Bearer " + readSecret(config.bearerTokenFile());
        }
        if (config.bearerToken() != null && !config.bearerToken().isEmpty()) {
            return "Bearer " + config.bearerToken();
        }
        return null;
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
