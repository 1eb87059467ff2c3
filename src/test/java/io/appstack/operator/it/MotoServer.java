package io.appstack.operator.it;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/** moto in server mode (through hack/moto_launcher.py) on a free loopback port, once per JVM, reset between tests. */
public final class MotoServer {
  private static MotoServer shared;

  private final Process process;
  private final URI endpoint;
  private final HttpClient http = HttpClient.newHttpClient();

  private MotoServer() {
    int port = freePort();
    endpoint = URI.create("http://127.0.0.1:" + port);
    try {
      ProcessBuilder pb = new ProcessBuilder(TestSettings.motoPython().toString(),
          TestSettings.motoLauncher().toString(), "-H", "127.0.0.1", "-p", String.valueOf(port));
      pb.redirectErrorStream(true);
      pb.redirectOutput(Path.of(System.getProperty("moto.log", "target/moto.log")).toFile());
      process = pb.start();
    } catch (IOException e) {
      throw new IllegalStateException("cannot start moto", e);
    }
    awaitUp();
  }

  public static synchronized MotoServer shared() {
    if (shared == null) {
      shared = new MotoServer();
      Runtime.getRuntime().addShutdownHook(new Thread(() -> shared.process.destroy(), "moto-stop"));
    }
    return shared;
  }

  public URI endpoint() {
    return endpoint;
  }

  /** Forgets every AWS resource. */
  public void reset() {
    faults("rate=0");
    send(HttpRequest.newBuilder(endpoint.resolve("/moto-api/reset")).POST(HttpRequest.BodyPublishers.noBody()).build());
  }

  private void awaitUp() {
    Instant deadline = Instant.now().plusSeconds(60);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException("moto exited with " + process.exitValue() + "; see target/moto.log");
      }
      try {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(endpoint.resolve("/moto-api/")).GET()
            .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      try {
        Thread.sleep(200);  // test rig start-up, not operator code
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    throw new IllegalStateException("moto did not answer on " + endpoint + " within 60 s");
  }

  /**
   * Sets the launcher's fault rule, e.g. {@code rate=0.2} or
   * {@code rate=1&operations=CreateDBInstance&kind=terminal&code=AccessDenied}; {@code rate=0} ends it.
   */
  public void faults(String query) {
    send(HttpRequest.newBuilder(endpoint.resolve("/appstack-faults?" + query))
        .POST(HttpRequest.BodyPublishers.noBody()).build());
  }

  /** How many requests the current fault rule has failed, by operation, as the launcher's JSON. */
  public String faultsInjected() {
    return send(HttpRequest.newBuilder(endpoint.resolve("/appstack-faults")).GET().build());
  }

  private String send(HttpRequest request) {
    try {
      HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() >= 300) {
        throw new IllegalStateException(request.uri() + " answered " + r.statusCode() + ": " + r.body());
      }
      return r.body();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
