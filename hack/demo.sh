#!/usr/bin/env bash
# `make demo`: a real kube-apiserver + etcd and the AWS emulator (moto) on loopback, the operator
# as its own process, and the example stack applied and followed to Ready.
# `make demo-down` stops all of it. State and logs live in the cache folder, outside the repo.
set -euo pipefail
cd "$(dirname "$0")/.."
source hack/versions.env
cache="${APPSTACK_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/appstack-operator}"
demo="$cache/demo"
http_port="${APPSTACK_DEMO_HTTP_PORT:-18080}"
source hack/control-plane.sh

down() {
  stop_pid_file "$demo/operator.pid" operator "-jar target/appstack-operator-"
  stop_pid_file "$demo/control-plane.pid" control-plane DevControlPlane
}

up() {
  down >/dev/null
  echo "==> starting kube-apiserver ${K8S_VERSION} + etcd and moto ${MOTO_VERSION} (logs: $demo/control-plane.log)"
  control_plane_up "$demo"
  export KUBECONFIG="$demo/kubeconfig"
  endpoint=$(cat "$demo/aws-endpoint")
  export AWS_ACCESS_KEY_ID=demo AWS_SECRET_ACCESS_KEY=demo AWS_REGION=us-east-1

  echo "==> creating a VPC with two private subnets and the ECS cluster 'staging' in the emulator (what a team already has)"
  net=$(network "$endpoint")
  read -r vpc subnet_a subnet_b <<< "$net"
  echo "    $vpc: $subnet_a $subnet_b"

  echo "==> starting the operator (logs: $demo/operator.log, metrics: http://127.0.0.1:$http_port/metrics)"
  APPSTACK_AWS_ENDPOINT="$endpoint" APPSTACK_HTTP_PORT="$http_port" APPSTACK_PROGRESS_INTERVAL=2s \
    APPSTACK_DEFAULT_CLUSTER=staging APPSTACK_DEFAULT_EXECUTION_ROLE_ARN=arn:aws:iam::123456789012:role/appstack-exec \
    nohup env -u APPSTACK_CACHE java -jar target/appstack-operator-*.jar > "$demo/operator.log" 2>&1 &
  echo $! > "$demo/operator.pid"
  wait_for 60 "the operator to be ready" curl -sf "http://127.0.0.1:$http_port/readyz"

  echo "==> kubectl apply -f examples/shop-staging.yaml (with the emulator's VPC and subnet IDs)"
  example_stack "$vpc" "$subnet_a" "$subnet_b" > "$demo/shop-staging.yaml"
  "$kubectl" apply -f "$demo/shop-staging.yaml"
  "$kubectl" wait appstack/shop -n staging --for=condition=Ready --timeout=180s

  echo; echo "==> kubectl get appstacks -A"
  "$kubectl" get appstacks -A -o wide
  echo; echo "==> kubectl get appstack shop -n staging -o yaml (status)"
  "$kubectl" get appstack shop -n staging -o yaml | sed -n '/^status:/,$p'
  echo; echo "==> events"
  "$kubectl" get events -n staging --sort-by=.metadata.creationTimestamp
  echo; echo "==> what the operator made in AWS (the emulator)"
  "$python" hack/demo_aws.py "$endpoint" show
  cat <<MSG

Everything runs on this machine, on loopback:
  kube-apiserver + etcd   KUBECONFIG=$demo/kubeconfig  (kubectl: $kubectl)
  AWS emulator (moto)     $endpoint
  operator                http://127.0.0.1:$http_port/metrics   logs: $demo/operator.log
Try:  export KUBECONFIG=$demo/kubeconfig; $kubectl edit appstack shop -n staging
Stop: make demo-down
MSG
}

case "${1:-up}" in
  up) up ;;
  down) down ;;
  *) echo "usage: $0 up|down" >&2; exit 2 ;;
esac
