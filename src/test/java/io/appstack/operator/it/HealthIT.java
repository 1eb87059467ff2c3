package io.appstack.operator.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.appstack.operator.api.v1alpha1.AppStack;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Health in status: the operator probes spec.api.healthCheckUrl, served here by a local /health. */
class HealthIT extends OperatorTestBase {
  private HttpServer server;
  private final AtomicInteger answer = new AtomicInteger(200);

  @BeforeEach
  void startHealthEndpoint() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/health", x -> {
      x.sendResponseHeaders(answer.get(), -1);
      x.close();
    });
    server.start();
  }

  @AfterEach
  void stopHealthEndpoint() {
    server.stop(0);
  }

  @Test
  void aFailingHealthUrlDegradesTheStackAndItsRecoveryMakesItReadyAgain() {
    String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/health";
    applyWith("shop", spec -> api(spec).put("healthCheckUrl", url));
    AppStack ready = awaitReady("shop");
    assertEquals("Healthy", ready.getStatus().api.health.state);
    assertEquals(url, ready.getStatus().api.health.probe.url);
    assertEquals(200, ready.getStatus().api.health.probe.statusCode);
    assertNotNull(ready.getStatus().api.health.probe.latencyMs);

    answer.set(503);
    await().atMost(READY_TIMEOUT).untilAsserted(() -> {
      AppStack s = stack("shop").get();
      assertEquals("Degraded", s.getStatus().phase);
      assertCondition(s, "ServiceReady", "False");
      assertEquals("ServiceUnhealthy", condition(s, "ServiceReady").getReason());
      assertCondition(s, "Ready", "False");
      assertCondition(s, "Stalled", "False");
      assertCondition(s, "Reconciling", "False");
      assertEquals("Unhealthy", s.getStatus().api.health.state);
      assertTrue(condition(s, "ServiceReady").getMessage().contains("HTTP 503"), condition(s, "ServiceReady").getMessage());
      assertEquals("Degraded", ArgoHealth.status(s), "Argo CD health of an unhealthy service");
    });

    answer.set(200);
    assertEquals("Healthy", awaitReady("shop").getStatus().api.health.state);
  }

  @Test
  void anUnreachableHealthUrlIsReportedNotFatal() {
    server.stop(0);
    String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/health";
    applyWith("shop", spec -> api(spec).put("healthCheckUrl", url));
    await().atMost(READY_TIMEOUT).untilAsserted(() -> {
      AppStack s = stack("shop").get();
      assertNotNull(s.getStatus());
      assertEquals("Degraded", s.getStatus().phase);
      assertTrue(s.getStatus().api.health.probe.error != null, "the error is reported");
      assertCondition(s, "Stalled", "False");
    });
  }

  /**
   * ECS registers a service's tasks in its target group; moto's ECS does not, so the test
   * registers task addresses itself. The launcher reports an address ending in .99 unhealthy.
   */
  @Test
  void targetHealthOfTheAttachedTargetGroupIsCountedAndAnUnhealthyTargetDegrades() {
    String tg = aws.elb.createTargetGroup(r -> r.name("shop-" + namespace.substring(3)).protocol("HTTP").port(3000)
        .vpcId(network.vpcId()).targetType("ip")).targetGroups().get(0).targetGroupArn();
    aws.elb.registerTargets(r -> r.targetGroupArn(tg).targets(t -> t.id("10.20.1.10").port(3000)));
    applyWith("shop", spec -> api(spec).put("loadBalancer", Map.of("targetGroupArn", tg)));
    AppStack ready = awaitReady("shop");
    assertEquals(1, ready.getStatus().api.health.targetsHealthy);
    assertEquals(0, ready.getStatus().api.health.targetsUnhealthy);

    aws.elb.registerTargets(r -> r.targetGroupArn(tg).targets(t -> t.id("10.20.2.99").port(3000)));
    await().atMost(READY_TIMEOUT).untilAsserted(() -> {
      AppStack s = stack("shop").get();
      assertEquals("Degraded", s.getStatus().phase);
      assertEquals(1, s.getStatus().api.health.targetsUnhealthy);
      assertTrue(s.getStatus().api.health.targetReasons.get(0).contains("Target.FailedHealthChecks"),
          s.getStatus().api.health.targetReasons.toString());
      assertCondition(s, "ServiceReady", "False");
    });
    var service = aws.ecs.describeServices(r -> r.cluster(AwsEmulator.CLUSTER)
        .services(io.appstack.operator.naming.StackNames.of(namespace, "shop").serviceName())).services().get(0);
    assertEquals(tg, service.loadBalancers().get(0).targetGroupArn(), "the service is attached to the target group");
    assertEquals("api", service.loadBalancers().get(0).containerName());
    assertEquals(3000, service.loadBalancers().get(0).containerPort());
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> api(Map<String, Object> spec) {
    return (Map<String, Object>) spec.get("api");
  }
}
