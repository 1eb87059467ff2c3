package io.appstack.operator.observe;

import io.appstack.operator.api.v1alpha1.AppStack;
import io.javaoperatorsdk.operator.api.reconciler.IndexedResourceCache;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls AWS for all stacks at once on the drift interval, start to start (with jitter, so that
 * operators started together do not poll in step), and reconciles only the stacks whose
 * observation changed. A poll that finds nothing changed triggers nothing and writes nothing.
 * Stacks with work under way do not wait for it: their reconciles reschedule themselves at the
 * progress interval.
 */
public final class DriftPoller implements AutoCloseable {
  public static final String POLL_DURATION = "appstack_drift_poll_duration";
  private static final Logger LOG = LoggerFactory.getLogger(DriftPoller.class);

  private final IndexedResourceCache<AppStack> stacks;
  private final SimpleInboundEventSource<AppStack> events;
  private final BatchObserver observer;
  private final Duration interval;
  private final Timer pollDuration;
  private final Map<ResourceID, StackObservation> last = new ConcurrentHashMap<>();
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "drift-poller");
    t.setDaemon(true);
    return t;
  });

  public DriftPoller(IndexedResourceCache<AppStack> stacks, SimpleInboundEventSource<AppStack> events,
      BatchObserver observer, Duration interval, MeterRegistry registry) {
    this.stacks = stacks;
    this.events = events;
    this.observer = observer;
    this.interval = interval;
    this.pollDuration = Timer.builder(POLL_DURATION).description("Time of one batched poll of all stacks")
        .register(registry);
  }

  public void start() {
    scheduleNext(0);
  }

  /**
   * Polls start one interval apart (with jitter), however long a poll took: waiting a full
   * interval after a slow poll would stretch the time to notice drift by that poll's length (at
   * 1,000 stacks on moto a poll took 38 s). A poll that takes longer than the interval is followed
   * after a second, so that at most one poll runs and AWS sees no burst.
   */
  static long nextDelayMillis(Duration interval, long tookMillis, long jitterMillis) {
    return Math.max(1_000, interval.toMillis() - tookMillis + jitterMillis);
  }

  private void scheduleNext(long tookMillis) {
    long jitter = (long) (interval.toMillis() * 0.1);
    long delay = nextDelayMillis(interval, tookMillis,
        jitter == 0 ? 0 : ThreadLocalRandom.current().nextLong(-jitter, jitter + 1));
    scheduler.schedule(this::pollAndReschedule, delay, TimeUnit.MILLISECONDS);
  }

  private void pollAndReschedule() {
    long started = System.nanoTime();
    try {
      pollDuration.record(this::poll);
    } catch (RuntimeException e) {
      // A failed poll (throttling, an outage) is tried again next interval; reconciles go on.
      LOG.warn("drift poll failed: {}", e.toString());
    } finally {
      if (!scheduler.isShutdown()) {
        scheduleNext(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
      }
    }
  }

  /** One poll: observe all stacks not being deleted, reconcile those whose observation changed or is new. */
  void poll() {
    List<AppStack> current = stacks.list().filter(s -> s.getMetadata().getDeletionTimestamp() == null).toList();
    Map<ResourceID, StackObservation> now = observer.observe(current);
    // Forget stacks that are gone; a stack missing from this poll only (its region could not be
    // read) keeps its last observation.
    last.keySet().retainAll(current.stream().map(ResourceID::fromResource).collect(java.util.stream.Collectors.toSet()));
    int changed = 0;
    for (var e : now.entrySet()) {
      // A part that could not be read this time is taken as unchanged.
      StackObservation seen = e.getValue().withUnknownFrom(last.get(e.getKey()));
      StackObservation before = last.put(e.getKey(), seen);
      // A stack seen for the first time is reconciled once too: AWS may have changed between its
      // last reconcile and this poll, and there is no earlier observation to tell.
      if (!Objects.equals(before, seen)) {
        changed++;
        LOG.info("stack={}/{} changed in AWS since the last poll; reconciling", e.getKey().getNamespace().orElse(""),
            e.getKey().getName());
        events.propagateEvent(e.getKey());
      }
    }
    LOG.debug("drift poll stacks={} changed={}", now.size(), changed);
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
  }
}
