package io.sleipnir.config;

/**
 * A scrape job's input other than files found through {@code static_configs}/{@code kubernetes_sd_configs}: Loki's
 * push API, syslog, GELF, the journal, stdin. Each kind is one record implementing this interface, bound from the job's
 * key of the same name, and turned into a running {@code io.sleipnir.source.Source} by {@code Sources}.
 */
public interface SourceConfig {
    /** The job's key this came from, as Promtail spells it: {@code loki_push_api}, {@code syslog}, ... */
    String kind();
}
