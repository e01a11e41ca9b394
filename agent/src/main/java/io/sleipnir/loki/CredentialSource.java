package io.sleipnir.loki;

/** Where a client's {@code Authorization} header comes from: named when Loki refuses the credentials. */
public enum CredentialSource {
    URL_USER_INFO("the url's user info (user:password@host)"),
    BASIC_AUTH("basic_auth (password)"),
    BASIC_AUTH_PASSWORD_FILE("basic_auth (password_file)"),
    BEARER_TOKEN("bearer_token"),
    BEARER_TOKEN_FILE("bearer_token_file"),
    HEADER("the Authorization entry of headers"),
    NONE("none configured");

    private final String description;

    CredentialSource(String description) {
        this.description = description;
    }

    /** Words for a log line, e.g. {@code bearer_token_file}. */
    public String description() {
        return description;
    }
}
