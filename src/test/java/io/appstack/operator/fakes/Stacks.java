package io.appstack.operator.fakes;

import io.appstack.operator.api.v1alpha1.ApiSpec;
import io.appstack.operator.api.v1alpha1.AppStack;
import io.appstack.operator.api.v1alpha1.AppStackSpec;
import io.appstack.operator.api.v1alpha1.DatabaseSpec;
import io.appstack.operator.api.v1alpha1.NetworkSpec;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

/** AppStack objects as the apiserver would hand them to the operator, with a valid spec and defaults. */
public final class Stacks {
  public static final String VPC_ID = "vpc-0abc1234";
  /** Deliberately not sorted: the operator must compare subnets in a stable order. */
  public static final List<String> SUBNET_IDS = List.of("subnet-0bbb2222", "subnet-0aaa1111");

  private Stacks() {}

  /** Generation 1, a uid derived from namespace/name, no status yet. */
  public static AppStack sample(String namespace, String name) {
    AppStack stack = new AppStack();
    stack.setMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName(name)
        .withUid(UUID.nameUUIDFromBytes((namespace + "/" + name).getBytes(StandardCharsets.UTF_8)).toString())
        .withGeneration(1L).build());
    AppStackSpec spec = new AppStackSpec();
    spec.network = new NetworkSpec();
    spec.network.vpcId = VPC_ID;
    spec.network.privateSubnetIds = SUBNET_IDS;
    spec.api = new ApiSpec();
    spec.api.image = "123456789012.dkr.ecr.us-east-1.amazonaws.com/" + name + "-api:1.0.0";
    spec.database = new DatabaseSpec();
    stack.setSpec(spec);
    return stack;
  }

  /** Edits the database spec the way a user's apply does: the generation moves on. */
  public static AppStack changeDatabase(AppStack stack, Consumer<DatabaseSpec> change) {
    change.accept(stack.getSpec().database);
    stack.getMetadata().setGeneration(stack.getMetadata().getGeneration() + 1);
    return stack;
  }
}
