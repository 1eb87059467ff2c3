package io.appstack.operator.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The real apiserver refuses bad AppStacks with a message a person understands. */
class AdmissionIT {
  private static final String NAMESPACE = "admission";
  private static final AwsEmulator.Network NET =
      new AwsEmulator.Network("vpc-0abc1234", List.of("subnet-0aaa1111", "subnet-0bbb2222"));
  private static KubernetesClient kube;

  @BeforeAll
  static void namespace() {
    kube = KubeControlPlane.shared().client();
    kube.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build())
        .serverSideApply();
  }

  static Stream<Arguments> invalidManifests() {
    return Stream.of(
        Arguments.of("cpu/memory pair Fargate does not offer", edit("spec.api.memory", 4096),
            "api.memory is not valid with cpu 256 on Fargate: use 512, 1024 or 2048 MiB"),
        Arguments.of("cpu that is not a Fargate size", edit("spec.api.cpu", 300), "api.cpu must be one of"),
        Arguments.of("elasticache mode without its block", edit("spec.redis", Map.of("mode", "elasticache")),
            "redis.mode elasticache needs redis.elasticache"),
        Arguments.of("external mode without the secret reference", edit("spec.redis", Map.of("mode", "external")),
            "redis.mode external needs redis.external.urlSecretRef"),
        Arguments.of("storage below the RDS minimum", edit("spec.database.allocatedStorageGiB", 10),
            "allocatedStorageGiB"),
        Arguments.of("storage above the RDS maximum", edit("spec.database.allocatedStorageGiB", 70000),
            "allocatedStorageGiB"),
        Arguments.of("malformed VPC id", edit("spec.network.vpcId", "vpc-XYZ"), "spec.network.vpcId"),
        Arguments.of("one subnet only", edit("spec.network.privateSubnetIds", List.of("subnet-0aaa1111")),
            "privateSubnetIds"),
        Arguments.of("malformed subnet id", edit("spec.network.privateSubnetIds", List.of("subnet-0aaa1111", "sn-1")),
            "spec.network.privateSubnetIds[1]"),
        Arguments.of("negative replicas", edit("spec.api.replicas", -1), "spec.api.replicas"),
        Arguments.of("unknown deletion policy", edit("spec.database.deletionPolicy", "Destroy"),
            "spec.database.deletionPolicy"),
        Arguments.of("unsupported engine", edit("spec.database.engine", "mysql"), "spec.database.engine"),
        Arguments.of("instance class that is not an RDS class", edit("spec.database.instanceClass", "t3.micro"),
            "spec.database.instanceClass"),
        Arguments.of("variable the operator sets", edit("spec.api.env", List.of(Map.of("name", "DATABASE_URL",
            "value", "x"))), "DATABASE_URL, REDIS_URL and PORT are set by the operator"),
        Arguments.of("malformed secret ARN", edit("spec.api.secretEnv", List.of(Map.of("name", "STRIPE_KEY",
            "secretArn", "stripe"))), "secretArn"),
        Arguments.of("port out of range", edit("spec.api.port", 70000), "spec.api.port"),
        Arguments.of("missing image", remove("spec.api.image"), "spec.api.image"),
        Arguments.of("missing network", remove("spec.network"), "spec.network"),
        Arguments.of("variable name starting with a digit", edit("spec.api.env", List.of(Map.of("name", "1ABC",
            "value", "x"))), "spec.api.env[0].name"),
        Arguments.of("a variable declared twice", edit("spec.api.env", List.of(Map.of("name", "A", "value", "1"),
            Map.of("name", "A", "value", "2"))), "api.env must not repeat a name"),
        Arguments.of("a variable both plain and secret", edit("spec.api", Map.of("image", "shop:1",
            "env", List.of(Map.of("name", "KEY", "value", "x")), "secretEnv", List.of(Map.of("name", "KEY",
                "secretArn", "arn:aws:secretsmanager:us-east-1:123456789012:secret:shop/key")))),
            "a variable name appears in both api.env and api.secretEnv"),
        Arguments.of("region that does not exist in that form", edit("spec.region", "mars-1"), "spec.region"),
        Arguments.of("engine version in words", edit("spec.database.engineVersion", "sixteen"),
            "spec.database.engineVersion"),
        Arguments.of("backups kept longer than RDS allows", edit("spec.database.backupRetentionDays", 40),
            "spec.database.backupRetentionDays"),
        Arguments.of("unknown storage type", edit("spec.database.storageType", "io9"), "spec.database.storageType"),
        Arguments.of("unknown redis mode", edit("spec.redis", Map.of("mode", "memcached")), "spec.redis.mode"),
        Arguments.of("elasticache settings with a sidecar", edit("spec.redis", Map.of("mode", "sidecar",
            "elasticache", Map.of("nodeType", "cache.t3.micro"))), "redis.elasticache is only allowed with redis.mode elasticache"),
        Arguments.of("too many cache replicas", edit("spec.redis", Map.of("mode", "elasticache",
            "elasticache", Map.of("replicas", 9))), "spec.redis.elasticache.replicas"),
        Arguments.of("external redis without the key", edit("spec.redis", Map.of("mode", "external",
            "external", Map.of("urlSecretRef", Map.of("name", "upstash")))), "spec.redis.external.urlSecretRef.key"),
        Arguments.of("empty migration command", edit("spec.migrations", Map.of("command", List.of())),
            "spec.migrations.command"),
        Arguments.of("migration timeout too short", edit("spec.migrations", Map.of("command", List.of("migrate"),
            "timeoutSeconds", 5)), "spec.migrations.timeoutSeconds"),
        Arguments.of("malformed target group ARN", edit("spec.api.loadBalancer", Map.of("targetGroupArn", "tg-1")),
            "spec.api.loadBalancer.targetGroupArn"),
        Arguments.of("malformed execution role ARN", edit("spec.api.executionRoleArn", "shop-exec"),
            "spec.api.executionRoleArn"),
        Arguments.of("image reference with a space", edit("spec.api.image", "shop api:1"), "spec.api.image"),
        Arguments.of("health URL that is not HTTP", edit("spec.api.healthCheckUrl", "ftp://example.com/health"),
            "spec.api.healthCheckUrl"),
        Arguments.of("multi-AZ on a t2 class", edit("spec.database", Map.of("instanceClass", "db.t2.micro",
            "multiAZ", true)), "database.multiAZ is not available with db.t2 instance classes"),
        Arguments.of("unknown drift policy", edit("spec.driftPolicy", "Ignore"), "spec.driftPolicy"),
        Arguments.of("memory not valid for cpu 1024", edit("spec.api", Map.of("image", "shop:1", "cpu", 1024,
            "memory", 1024)), "api.memory is not valid with cpu 1024 on Fargate"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidManifests")
  void invalidManifestIsRefused(String description, Consumer<Map<String, Object>> change, String expected) {
    GenericKubernetesResource stack = valid("bad");
    change.accept(stack.getAdditionalProperties());
    KubernetesClientException e = assertThrows(KubernetesClientException.class,
        () -> stacks().resource(stack).create(), description + " was accepted");
    assertEquals(422, e.getCode(), e.getMessage());
    assertTrue(e.getMessage().contains(expected), "message should contain '" + expected + "' but was: " + e.getMessage());
  }

  @Test
  void theExampleShapedManifestIsAccepted() {
    GenericKubernetesResource created = stacks().resource(valid("good")).create();
    assertEquals("good", created.getMetadata().getName());
    stacks().withName("good").delete();
  }

  @Test
  void storageCannotShrinkAndVpcCannotMoveOnUpdate() {
    GenericKubernetesResource created = stacks().resource(valid("grow")).create();
    stacks().withName("grow").edit(r -> {
      database(r).put("allocatedStorageGiB", 30);
      return r;
    });
    KubernetesClientException shrink = assertThrows(KubernetesClientException.class, () -> stacks().withName("grow")
        .edit(r -> {
          database(r).put("allocatedStorageGiB", 25);
          return r;
        }));
    assertTrue(shrink.getMessage().contains("database.allocatedStorageGiB can only grow"), shrink.getMessage());
    KubernetesClientException move = assertThrows(KubernetesClientException.class, () -> stacks().withName("grow")
        .edit(r -> {
          network(r).put("vpcId", "vpc-0def5678");
          return r;
        }));
    assertTrue(move.getMessage().contains("network.vpcId cannot be changed"), move.getMessage());
    stacks().withName(created.getMetadata().getName()).delete();
  }

  /** examples/ is what users copy: every AppStack in it must pass the real apiserver's validation. */
  @Test
  void theShippedExamplesAreAccepted() throws Exception {
    String kubectl = TestSettings.cacheDir() + "/kube-api-test/k8s/" + TestSettings.k8sVersion() + "-linux-amd64/kubectl";
    List<String> manifests = new java.util.ArrayList<>();
    manifests.add(java.nio.file.Files.readString(java.nio.file.Path.of("examples/shop-staging.yaml")));
    for (String overlay : List.of("staging", "prod")) {
      Process p = new ProcessBuilder(kubectl, "kustomize", "examples/gitops/overlays/" + overlay)
          .redirectError(ProcessBuilder.Redirect.INHERIT).start();
      manifests.add(new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
      assertEquals(0, p.waitFor(), "kubectl kustomize " + overlay);
    }
    int stacks = 0;
    for (String manifest : manifests) {
      for (var item : kube.load(new java.io.ByteArrayInputStream(manifest.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
          .items()) {
        if (!"AppStack".equals(item.getKind())) {
          continue;
        }
        GenericKubernetesResource stack = io.fabric8.kubernetes.client.utils.Serialization.unmarshal(
            io.fabric8.kubernetes.client.utils.Serialization.asJson(item), GenericKubernetesResource.class);
        stack.getMetadata().setNamespace(NAMESPACE);
        stacks().resource(stack).dryRun().create();
        stacks++;
      }
    }
    assertEquals(3, stacks, "staging example and both overlays");
  }

  @Test
  void regionCannotMoveOnUpdate() {
    GenericKubernetesResource stack = valid("pinned");
    spec(stack).put("region", "us-east-1");
    stacks().resource(stack).create();
    KubernetesClientException move = assertThrows(KubernetesClientException.class, () -> stacks().withName("pinned")
        .edit(r -> {
          spec(r).put("region", "eu-west-1");
          return r;
        }));
    assertTrue(move.getMessage().contains("spec.region cannot be changed"), move.getMessage());
    stacks().withName("pinned").delete();
  }

  private static NonNamespaceOperation<GenericKubernetesResource, GenericKubernetesResourceList,
      Resource<GenericKubernetesResource>> stacks() {
    return kube.genericKubernetesResources("appstack.io/v1alpha1", "AppStack").inNamespace(NAMESPACE);
  }

  private static GenericKubernetesResource valid(String name) {
    return Manifests.parse(Manifests.stack(NAMESPACE, name, NET, "Delete"));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> spec(GenericKubernetesResource r) {
    return (Map<String, Object>) r.getAdditionalProperties().get("spec");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> database(GenericKubernetesResource r) {
    return (Map<String, Object>) ((Map<String, Object>) r.getAdditionalProperties().get("spec")).get("database");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> network(GenericKubernetesResource r) {
    return (Map<String, Object>) ((Map<String, Object>) r.getAdditionalProperties().get("spec")).get("network");
  }

  /** Sets a dotted path under the manifest's top level. */
  private static Consumer<Map<String, Object>> edit(String path, Object value) {
    return root -> parent(root, path).put(last(path), value);
  }

  private static Consumer<Map<String, Object>> remove(String path) {
    return root -> parent(root, path).remove(last(path));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> parent(Map<String, Object> root, String path) {
    String[] parts = path.split("\\.");
    Map<String, Object> m = root;
    for (int i = 0; i < parts.length - 1; i++) {
      m = (Map<String, Object>) m.computeIfAbsent(parts[i], k -> new java.util.LinkedHashMap<String, Object>());
    }
    return m;
  }

  private static String last(String path) {
    return path.substring(path.lastIndexOf('.') + 1);
  }
}
