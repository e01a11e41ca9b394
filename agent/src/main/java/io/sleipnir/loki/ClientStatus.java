package io.sleipnir.loki;

import java.util.List;

/**
 * A read-only view of one client at one moment, for the status page and its gauges.
 *
 * @param name        the client's {@code name}, else its host
 * @param host        the {@code host} label of its metrics
 * @param heldBytes   bytes of entries held (building, waiting and in flight) against the memory bound
 * @param budgetBytes the memory bound; reading pauses while {@code heldBytes} is at it
 * @param tenants     the tenants it has open (entries held or sent within the last minute), in the order they opened
 */
public record ClientStatus(String name, String host, long heldBytes, long budgetBytes, List<String> tenants) {
    public ClientStatus {
        tenants = List.copyOf(tenants);
    }
}
