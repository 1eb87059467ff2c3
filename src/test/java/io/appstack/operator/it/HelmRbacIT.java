package io.appstack.operator.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.appstack.operator.api.v1alpha1.AppStack;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The chart's RBAC is enough and no more: its ServiceAccount, roles and bindings, rendered by
 * helm and applied to the real apiserver, are the only rights the operator runs with here, and it
 * still brings a stack to Ready. RBAC too narrow for what the operator does fails this test.
 */
class HelmRbacIT extends OperatorTestBase {
  private static final String RELEASE_NAMESPACE = "appstack-system";

  @Test
  void operatorRunningWithOnlyTheChartsRbacBringsAStackToReady() throws Exception {
    List<HasMetadata> rendered = render();
    kube.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(RELEASE_NAMESPACE).endMetadata()
        .build()).serverSideApply();
    List<HasMetadata> rbac = rendered.stream().filter(r -> List.of("ServiceAccount", "ClusterRole",
        "ClusterRoleBinding").contains(r.getKind())).toList();
    assertEquals(3, rbac.size(), "the chart renders a ServiceAccount, a ClusterRole and its binding");
    rbac.forEach(r -> kube.resource(r).serverSideApply());

    operator.close();
    try (KubernetesClient asOperator = clientFor("appstack-operator")) {
      assertTrue(denied(() -> asOperator.namespaces().list()), "the chart's role must not list namespaces");
      operator = new RunningOperator(asOperator, moto);
      apply("shop", "Delete");
      AppStack ready = awaitReady("shop");
      assertEquals("Ready", ready.getStatus().phase);
      stack("shop").delete();
      org.awaitility.Awaitility.await().atMost(READY_TIMEOUT).until(() -> stack("shop").get() == null);
      operator.close();
    } finally {
      operator = new RunningOperator(kube, moto);
    }
  }

  private static List<HasMetadata> render() throws IOException, InterruptedException {
    Process helm = new ProcessBuilder(TestSettings.helm().toString(), "template", "appstack-operator",
        "helm/appstack-operator", "--namespace", RELEASE_NAMESPACE).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    byte[] yaml = helm.getInputStream().readAllBytes();
    assertEquals(0, helm.waitFor(), "helm template failed");
    return kube.load(new ByteArrayInputStream(yaml)).items();
  }

  /** A client that authenticates as the chart's ServiceAccount with a token the apiserver issued. */
  private static KubernetesClient clientFor(String serviceAccount) {
    String token = kube.serviceAccounts().inNamespace(RELEASE_NAMESPACE).withName(serviceAccount)
        .tokenRequest(new TokenRequestBuilder().withNewSpec().withExpirationSeconds(3600L).endSpec().build())
        .getStatus().getToken();
    Config admin = kube.getConfiguration();
    Config config = new ConfigBuilder(Config.empty()).withMasterUrl(admin.getMasterUrl())
        .withCaCertData(admin.getCaCertData()).withCaCertFile(admin.getCaCertFile())
        .withOauthToken(token).build();
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  private static boolean denied(Runnable call) {
    try {
      call.run();
      return false;
    } catch (KubernetesClientException e) {
      return e.getCode() == 403;
    }
  }

}
