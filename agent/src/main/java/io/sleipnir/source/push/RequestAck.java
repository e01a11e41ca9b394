package io.sleipnir.source.push;

import io.sleipnir.model.Delivery;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One push request's acknowledgement: every entry of the request carries this one token. It starts with one
 * holder (the request itself, released by {@link #seal()} once every entry was handed on); each entry adds one
 * before it enters the pipeline, and the fan-out adds one per extra client. When the last holder completes, every
 * client has answered for every entry (delivered, finally refused, or dropped by a stage on purpose), and the
 * pusher gets its answer.
 */
final class RequestAck implements Delivery {
    private final AtomicInteger holders = new AtomicInteger(1);
    private final Runnable onDone;

    RequestAck(Runnable onDone) {
        this.onDone = onDone;
    }

    @Override
    public void retain(int extra) {
        holders.addAndGet(extra);
    }

    @Override
    public void complete() {
        if (holders.decrementAndGet() == 0) {
            onDone.run();
        }
    }

    /** The request has handed on all its entries: from now on, the last entry's completion answers it. */
    void seal() {
        complete();
    }
}
