package io.appstack.operator.fakes;

import io.appstack.operator.health.HealthProbe;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A health probe that answers at once: every URL answers 200 unless a knob says it answers
 * another status, cannot be reached, or has not been probed yet. Remembers the URLs asked for.
 */
public final class FakeHealthProbe implements HealthProbe {
  private final Clock clock;
  private final Map<String, Result> answers = new HashMap<>();
  private final Set<String> unanswered = new HashSet<>();
  private final List<String> asked = new ArrayList<>();

  public FakeHealthProbe(Clock clock) {
    this.clock = clock;
  }

  @Override
  public synchronized Optional<Result> latest(String url) {
    asked.add(url);
    if (unanswered.contains(url)) {
      return Optional.empty();
    }
    return Optional.of(answers.getOrDefault(url, new Result(url, true, 200, 12, clock.instant(), null)));
  }

  // ---- knobs and inspection ---------------------------------------------------------------

  /** The URL answers with this HTTP status from now on. */
  public synchronized void answers(String url, int statusCode) {
    unanswered.remove(url);
    boolean ok = statusCode >= 200 && statusCode < 300;
    answers.put(url, new Result(url, ok, statusCode, 12, clock.instant(), ok ? null : "HTTP " + statusCode));
  }

  /** The URL cannot be reached: no status, an error saying why. */
  public synchronized void unreachable(String url, String error) {
    unanswered.remove(url);
    answers.put(url, new Result(url, false, null, 3000, clock.instant(), error));
  }

  /** No probe of the URL has finished yet. */
  public synchronized void noAnswerYet(String url) {
    unanswered.add(url);
  }

  /** Every URL asked for, in order. */
  public synchronized List<String> asked() {
    return List.copyOf(asked);
  }
}
