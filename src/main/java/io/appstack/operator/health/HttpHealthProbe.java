package io.appstack.operator.health;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Probes health URLs with asynchronous GETs so that reconcile never waits on a network call:
 * {@link #latest} returns what the last probe found and starts a new one when that is older than
 * the interval. An unreachable URL is a result like any other, never an exception.
 */
public final class HttpHealthProbe implements HealthProbe {
  private static final Duration TIMEOUT = Duration.ofSeconds(3);
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT)
      .followRedirects(HttpClient.Redirect.NEVER).build();
  private final Map<String, Result> results = new ConcurrentHashMap<>();
  private final Map<String, Boolean> inFlight = new ConcurrentHashMap<>();
  private final Duration interval;
  private final Clock clock;

  public HttpHealthProbe(Duration interval, Clock clock) {
    this.interval = interval;
    this.clock = clock;
  }

  @Override
  public Optional<Result> latest(String url) {
    Result last = results.get(url);
    if ((last == null || last.checkedAt().plus(interval).isBefore(clock.instant()))
        && inFlight.putIfAbsent(url, Boolean.TRUE) == null) {
      start(url);
    }
    return Optional.ofNullable(last);
  }

  private void start(String url) {
    Instant started = clock.instant();
    long t0 = System.nanoTime();
    HttpRequest request;
    try {
      request = HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT).GET().build();
    } catch (IllegalArgumentException e) {
      finish(url, new Result(url, false, null, 0, started, "not a URL: " + e.getMessage()));
      return;
    }
    java.util.concurrent.CompletableFuture<HttpResponse<Void>> sent;
    try {
      sent = http.sendAsync(request, HttpResponse.BodyHandlers.discarding());
    } catch (RuntimeException e) {
      finish(url, new Result(url, false, null, 0, started, e.getClass().getSimpleName()));
      return;
    }
    sent.whenComplete((response, error) -> {
      long millis = (System.nanoTime() - t0) / 1_000_000;
      if (error != null) {
        Throwable cause = error.getCause() != null ? error.getCause() : error;
        finish(url, new Result(url, false, null, millis, clock.instant(),
            cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage())));
      } else {
        int code = response.statusCode();
        finish(url, new Result(url, code >= 200 && code < 300, code, millis, clock.instant(),
            code >= 200 && code < 300 ? null : "HTTP " + code));
      }
    });
  }

  private void finish(String url, Result result) {
    // The URL shown in status and messages loses any user info and query: they may hold a token.
    results.put(url, new Result(redact(url), result.ok(), result.statusCode(), result.latencyMillis(),
        result.checkedAt(), result.error() == null ? null : result.error().replace(url, redact(url))));
    inFlight.remove(url);
  }

  static String redact(String url) {
    try {
      URI u = URI.create(url);
      return new URI(u.getScheme(), null, u.getHost(), u.getPort(), u.getPath(), null, null).toString();
    } catch (IllegalArgumentException | java.net.URISyntaxException e) {
      return "(unparsable URL)";
    }
  }
}
