package io.appstack.operator.observe;

import io.appstack.operator.api.v1alpha1.AppStack;
import io.javaoperatorsdk.operator.api.reconciler.IndexedResourceCache;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;

/**
 * The drift poller as a JOSDK event source: JOSDK starts it when the controller starts, which
 * under leader election is on the replica holding the Lease only, and stops it with the controller.
 */
public final class DriftEventSource extends SimpleInboundEventSource<AppStack> {
  private final IndexedResourceCache<AppStack> stacks;
  private final BatchObserver observer;
  private final Duration interval;
  private final MeterRegistry registry;
  private DriftPoller poller;

  public DriftEventSource(IndexedResourceCache<AppStack> stacks, BatchObserver observer, Duration interval,
      MeterRegistry registry) {
    super("drift-poll");
    this.stacks = stacks;
    this.observer = observer;
    this.interval = interval;
    this.registry = registry;
  }

  @Override
  public synchronized void start() {
    super.start();
    if (poller == null) {
      poller = new DriftPoller(stacks, this, observer, interval, registry);
      poller.start();
    }
  }

  @Override
  public synchronized void stop() {
    if (poller != null) {
      poller.close();
      poller = null;
    }
    super.stop();
  }
}
