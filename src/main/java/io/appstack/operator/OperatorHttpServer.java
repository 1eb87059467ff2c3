package io.appstack.operator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;

/** /healthz (the process answers), /readyz (controller started, informers healthy), /metrics. */
final class OperatorHttpServer {
  private final HttpServer server;

  OperatorHttpServer(int port, PrometheusMeterRegistry registry, BooleanSupplier ready) {
    try {
      server = HttpServer.create(new InetSocketAddress(port), 0);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on port " + port, e);
    }
    server.setExecutor(Executors.newFixedThreadPool(2, r -> {
      Thread t = new Thread(r, "http");
      t.setDaemon(true);
      return t;
    }));
    server.createContext("/healthz", x -> reply(x, 200, "ok\n", "text/plain"));
    server.createContext("/readyz", x -> {
      boolean ok = ready.getAsBoolean();
      reply(x, ok ? 200 : 503, ok ? "ok\n" : "not ready\n", "text/plain");
    });
    server.createContext("/metrics", x -> reply(x, 200, registry.scrape(),
        "text/plain; version=0.0.4; charset=utf-8"));
  }

  void start() {
    server.start();
  }

  int port() {
    return server.getAddress().getPort();
  }

  void stop() {
    server.stop(0);
  }

  private static void reply(HttpExchange x, int code, String body, String type) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    x.getResponseHeaders().set("Content-Type", type);
    x.sendResponseHeaders(code, bytes.length);
    try (OutputStream out = x.getResponseBody()) {
      out.write(bytes);
    }
  }
}
