package io.appstack.operator.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * For `make demo`: starts the same real apiserver + etcd and moto the tests use, writes the
 * kubeconfig and moto's endpoint into the given folder, and stays up until killed.
 */
public final class DevControlPlane {
  private DevControlPlane() {}

  public static void main(String[] args) throws IOException, InterruptedException {
    Path dir = Path.of(args.length > 0 ? args[0] : ".");
    Files.createDirectories(dir);
    KubeControlPlane kube = KubeControlPlane.shared();
    MotoServer moto = MotoServer.shared();
    Files.writeString(dir.resolve("kubeconfig"), kube.kubeconfig());
    Files.writeString(dir.resolve("aws-endpoint"), moto.endpoint().toString());
    System.out.println("control plane up: kubeconfig=" + dir.resolve("kubeconfig") + " aws=" + moto.endpoint());
    Thread.currentThread().join();
  }
}
