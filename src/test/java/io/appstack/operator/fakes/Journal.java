package io.appstack.operator.fakes;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The order in which things happened in one fake AWS account: the changes the operator asked
 * for and the work AWS finished on its own (an instance became available, a service went away).
 * Tests read it to prove that one thing happened only after another.
 */
public final class Journal {
  private final List<Entry> entries = new ArrayList<>();

  /** One thing that happened, e.g. {@code ecs deleteService shop-api} or {@code rds gone shop-db}. */
  public record Entry(String service, String event, String resource) {
    @Override
    public String toString() {
      return service + " " + event + " " + resource;
    }
  }

  synchronized void record(String service, String event, String resource) {
    entries.add(new Entry(service, event, resource));
  }

  public synchronized List<Entry> entries() {
    return List.copyOf(entries);
  }

  /** Index of the first entry matching, or -1. */
  public synchronized int first(Predicate<Entry> match) {
    for (int i = 0; i < entries.size(); i++) {
      if (match.test(entries.get(i))) {
        return i;
      }
    }
    return -1;
  }

  /** Index of the last entry matching, or -1. */
  public synchronized int last(Predicate<Entry> match) {
    for (int i = entries.size() - 1; i >= 0; i--) {
      if (match.test(entries.get(i))) {
        return i;
      }
    }
    return -1;
  }

  public int first(String service, String event, String resource) {
    return first(is(service, event, resource));
  }

  public static Predicate<Entry> is(String service, String event, String resource) {
    return e -> e.service().equals(service) && e.event().equals(event) && e.resource().equals(resource);
  }

  public static Predicate<Entry> is(String service, String event) {
    return e -> e.service().equals(service) && e.event().equals(event);
  }

  @Override
  public synchronized String toString() {
    return entries.toString();
  }
}
