package io.appstack.operator.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.appstack.operator.api.v1alpha1.AppStack;
import io.appstack.operator.api.v1alpha1.DatabaseSpec.DeletionPolicy;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * The rig every integration test stands on: the real apiserver, moto, the operator in this JVM,
 * a fresh namespace and a fresh AWS account (VPC, subnets, ECS cluster) per test.
 */
abstract class OperatorTestBase {
  static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
  static KubernetesClient kube;
  static MotoServer moto;
  static AwsEmulator aws;
  static RunningOperator operator;

  String namespace;
  AwsEmulator.Network network;

  @BeforeAll
  static void startRig() {
    kube = KubeControlPlane.shared().client();
    moto = MotoServer.shared();
    aws = new AwsEmulator(moto);
    operator = new RunningOperator(kube, moto);
  }

  @AfterAll
  static void stopOperator() {
    operator.close();
    aws.close();
    assertCallsAllowedByIamPolicy();
  }

  /** Every AWS call the operator made in these tests must be one the shipped IAM policy allows. */
  static void assertCallsAllowedByIamPolicy() {
    IamPolicy policy = new IamPolicy(java.nio.file.Path.of("iam/operator-policy.json"));
    List<String> denied = RunningOperator.CALLS_MADE.stream().map(c -> IamPolicy.action(c.split("/")[0], c.split("/")[1]))
        .filter(a -> !policy.allows(a)).sorted().distinct().toList();
    assertEquals(List.of(), denied, "AWS calls iam/operator-policy.json does not allow");
  }

  @BeforeEach
  void freshWorld() {
    moto.reset();
    network = aws.createNetwork();
    namespace = "it-" + UUID.randomUUID().toString().substring(0, 8);
    kube.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
        .create();
  }

  @AfterEach
  void noStackLeftBehind() {
    // Stacks a test leaves are deleted with policy Delete so that moto's reset cannot strand a finalizer.
    for (AppStack s : kube.resources(AppStack.class).inNamespace(namespace).list().getItems()) {
      stack(s.getMetadata().getName()).edit(a -> {
        a.getSpec().database.deletionPolicy = DeletionPolicy.Delete;
        return a;
      });
      stack(s.getMetadata().getName()).delete();
      await().atMost(READY_TIMEOUT).until(() -> stack(s.getMetadata().getName()).get() == null);
    }
  }

  void apply(String name, String deletionPolicy) {
    applyYaml(Manifests.stack(namespace, name, network, deletionPolicy));
  }

  /** Applies the standard sidecar stack after {@code edit} changed its spec (a map, as in YAML). */
  @SuppressWarnings("unchecked")
  void applyWith(String name, java.util.function.Consumer<java.util.Map<String, Object>> edit) {
    var resource = Manifests.parse(Manifests.stack(namespace, name, network, "Delete"));
    edit.accept((java.util.Map<String, Object>) resource.getAdditionalProperties().get("spec"));
    kube.genericKubernetesResources("appstack.io/v1alpha1", "AppStack").inNamespace(namespace).resource(resource)
        .create();
  }

  void applyYaml(String yaml) {
    kube.genericKubernetesResources("appstack.io/v1alpha1", "AppStack").inNamespace(namespace)
        .resource(Manifests.parse(yaml)).create();
  }

  Resource<AppStack> stack(String name) {
    return kube.resources(AppStack.class).inNamespace(namespace).withName(name);
  }

  /** Waits until the stack's current generation is acted on and Ready. */
  AppStack awaitReady(String name) {
    await().atMost(READY_TIMEOUT).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
      AppStack s = stack(name).get();
      assertNotNull(s.getStatus(), "no status yet");
      assertEquals(s.getMetadata().getGeneration(), s.getStatus().observedGeneration, "observedGeneration");
      assertCondition(s, "Ready", "True");
    });
    return stack(name).get();
  }

  /** Lets {@code d} pass, for showing what the operator does not do meanwhile. */
  static void pause(Duration d) {
    await().pollDelay(d).atMost(d.plusSeconds(5)).until(() -> true);
  }

  static Condition condition(AppStack s, String type) {
    if (s.getStatus() == null || s.getStatus().conditions == null) {
      throw new AssertionError("no status yet");
    }
    return s.getStatus().conditions.stream().filter(c -> type.equals(c.getType())).findFirst()
        .orElseThrow(() -> new AssertionError("no condition " + type + " in " + s.getStatus().conditions));
  }

  static void assertCondition(AppStack s, String type, String status) {
    Condition c = condition(s, type);
    assertEquals(status, c.getStatus(), type + " is " + c.getStatus() + " (" + c.getReason() + ": " + c.getMessage() + ")");
  }

  List<Event> events() {
    return kube.v1().events().inNamespace(namespace).list().getItems();
  }

  String reasons() {
    return events().stream().map(e -> e.getType() + "/" + e.getReason()).collect(Collectors.joining(", "));
  }
}
