package io.sleipnir.loki;

import io.sleipnir.model.EntrySink;
import io.sleipnir.model.LogEntry;
import java.util.List;

/**
 * Hands every entry to each client. The delivery token gets one holder per client, so the source moves past
 * the entry only when every client has answered. Clients run independently: a down client stalls the others
 * only once its own memory bound is full (its {@code accept} then blocks).
 */
public final class FanOut implements EntrySink {
    private final List<EntrySink> clients;

    public FanOut(List<? extends EntrySink> clients) {
        if (clients.isEmpty()) {
            throw new IllegalArgumentException("fan-out needs at least one client");
        }
        this.clients = List.copyOf(clients);
    }

    @Override
    public void accept(LogEntry entry) throws InterruptedException {
        int n = clients.size();
        if (n == 1) {
            clients.get(0).accept(entry);
            return;
        }
        entry.delivery().retain(n - 1);
        for (EntrySink client : clients) {
            client.accept(entry);
        }
    }
}
