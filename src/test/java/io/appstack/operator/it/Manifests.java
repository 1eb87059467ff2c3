package io.appstack.operator.it;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.Serialization;

/** AppStack manifests as a user writes them: YAML, with only what the user would set. */
final class Manifests {
  private Manifests() {}

  static String stack(String namespace, String name, AwsEmulator.Network net, String deletionPolicy) {
    return stack(namespace, name, net, deletionPolicy, "redis:\n    mode: sidecar\n");
  }

  /** {@code redis} is the YAML of spec.redis, indented for its place under spec. */
  static String stack(String namespace, String name, AwsEmulator.Network net, String deletionPolicy, String redis) {
    return """
        apiVersion: appstack.io/v1alpha1
        kind: AppStack
        metadata:
          name: %s
          namespace: %s
        spec:
          network:
            vpcId: %s
            privateSubnetIds: [%s, %s]
          api:
            image: 123456789012.dkr.ecr.us-east-1.amazonaws.com/shop-api:1.4.2
            port: 3000
            cpu: 256
            memory: 512
            replicas: 2
            env:
              - {name: NODE_ENV, value: production}
          database:
            engineVersion: "16"
            instanceClass: db.t3.micro
            allocatedStorageGiB: 20
            backupRetentionDays: 7
            deletionPolicy: %s
          %s
        """.formatted(name, namespace, net.vpcId(), net.subnetIds().get(0), net.subnetIds().get(1), deletionPolicy,
        redis);
  }

  static GenericKubernetesResource parse(String yaml) {
    return Serialization.unmarshal(yaml, GenericKubernetesResource.class);
  }
}
