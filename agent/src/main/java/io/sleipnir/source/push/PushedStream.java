package io.sleipnir.source.push;

import io.sleipnir.model.Labels;
import java.util.List;

/**
 * One stream of a decoded push request: its label text as sent, and its entries.
 *
 * @param labelsText the stream selector as the pusher wrote it ({@code {app="x"}}); parsed later, per stream
 */
record PushedStream(String labelsText, List<Entry> entries) {
    /** One pushed entry; {@code structuredMetadata} is empty when none was sent. */
    record Entry(long timestampNanos, String line, Labels structuredMetadata) {
    }

    PushedStream {
        entries = List.copyOf(entries);
    }
}
