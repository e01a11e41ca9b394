package io.sleipnir.pipeline;

import io.sleipnir.model.Delivery;

/** A delivery token that counts how often it was completed. */
final class CountingDelivery implements Delivery {
    final String name;
    int completed;

    CountingDelivery(String name) {
        this.name = name;
    }

    @Override
    public void retain(int holders) {
        throw new AssertionError("stages must not retain");
    }

    @Override
    public void complete() {
        completed++;
    }

    @Override
    public String toString() {
        return name + "(completed " + completed + ")";
    }
}
