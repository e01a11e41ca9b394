package io.sleipnir.source;

import java.io.IOException;

/**
 * One running input of a scrape job other than tailed files: it turns what arrives (a push request, a syslog
 * message, a journal record, a line on stdin) into {@code LogEntry}s and hands them to the job's pipeline, the
 * {@link SourceContext#pipeline()} sink, on its own threads. The pipeline may block (back-pressure): a source then
 * stops taking input (stops reading its socket, answers 429) rather than buffering without bound.
 *
 * <p>No loss: each entry carries a {@code Delivery} that the source completes into its own promise: a push
 * answered only after the entries were acknowledged downstream, a journal cursor moved in the positions file, a
 * Docker timestamp. A source with no way to ask again (UDP syslog) says so in the README.
 *
 * <p>Lifecycle: built by {@link Sources} from its config, {@link #start()}ed after the clients and pipelines exist,
 * {@link #close()}d before the pipelines flush on stop.
 */
public interface Source extends AutoCloseable {
    /** For logs and status pages, e.g. {@code syslog tcp 0.0.0.0:1514 (job syslog)}; never a secret. */
    String describe();

    /** Binds sockets and starts threads; a port in use or a missing program fails here with a clear message. */
    void start() throws IOException;

    /** Stops taking input, hands on what it already accepted, and returns when its threads have ended. */
    @Override
    void close() throws InterruptedException;
}
