# Sourced by hack/demo.sh and hack/cds-train.sh: the real kube-apiserver + etcd and moto that the
# tests use (it/DevControlPlane), started as a background process that writes its kubeconfig and
# moto's endpoint into a folder, and a network (VPC, two subnets, ECS cluster "staging") in moto.
# Needs hack/versions.env sourced and $cache set.

kubectl="$cache/kube-api-test/k8s/${K8S_VERSION}-linux-amd64/kubectl"
python="$cache/moto-${MOTO_VERSION}/bin/python"

wait_for() {  # wait_for SECONDS DESCRIPTION COMMAND...
  local secs=$1 what=$2; shift 2
  for _ in $(seq 1 $((secs * 2))); do "$@" >/dev/null 2>&1 && return 0; sleep 0.5; done
  echo "timed out waiting for $what" >&2
  return 1
}

# control_plane_up DIR: starts it (pid in DIR/control-plane.pid, log DIR/control-plane.log) and
# waits until DIR/kubeconfig and DIR/aws-endpoint are written.
control_plane_up() {
  local dir=$1
  mkdir -p "$dir"
  rm -f "$dir/kubeconfig" "$dir/aws-endpoint"
  # Maven's output only on failure (Debian's Maven 3.8 prints colour codes even in batch mode).
  mvn -B -ntp -q test-compile dependency:build-classpath -Dmdep.outputFile="$dir/classpath" -Dmdep.includeScope=test \
    > "$dir/build.log" 2>&1 || { cat "$dir/build.log" >&2; return 1; }
  nohup java -cp "target/test-classes:target/classes:$(cat "$dir/classpath")" \
    -Dappstack.cache="$cache" -Dk8s.version="$K8S_VERSION" -Dcrd.dir=crds -Dmoto.log="$dir/moto.log" \
    -Dmoto.python="$python" -Dmoto.launcher=hack/moto_launcher.py \
    io.appstack.operator.it.DevControlPlane "$dir" > "$dir/control-plane.log" 2>&1 &
  echo $! > "$dir/control-plane.pid"
  wait_for 180 "the control plane" test -s "$dir/aws-endpoint"
}

# stop_pid_file FILE NAME PATTERN: stops the process whose pid FILE holds, waiting up to 10 s; only
# if its command line matches PATTERN, since a stale file may name a pid reused by another process.
stop_pid_file() {
  local file=$1 name=$2 pattern=$3
  if [[ -f "$file" ]]; then
    local pid
    pid=$(cat "$file")
    local cmd
    cmd=$(tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null || true)
    if [[ "$cmd" == *"$pattern"* ]] && kill "$pid" 2>/dev/null; then
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
      if kill -0 "$pid" 2>/dev/null; then
        kill -9 "$pid" 2>/dev/null || true
        echo "killed $name (pid $pid): it did not stop within 10 s"
      else
        echo "stopped $name (pid $pid)"
      fi
    fi
    rm -f "$file"
  fi
}

# network ENDPOINT: prints "vpc subnet_a subnet_b" of a network made in moto.
network() {
  "$python" hack/demo_aws.py "$1" network
}

# jvm_flags: the image's JVM flags from hack/operator-jvm-flags, one per line (blank lines and
# comments dropped, spaces trimmed; oci_image.py and ScaleBenchmark read it the same way).
jvm_flags() {
  sed -e 's/^[[:space:]]*//' -e 's/[[:space:]]*$//' hack/operator-jvm-flags | grep -v -e '^#' -e '^$'
}

# example_stack VPC SUBNET_A SUBNET_B: examples/shop-staging.yaml on that network.
example_stack() {
  sed -e "s/vpc-0abc1234/$1/" -e "s/subnet-0aaa1111/$2/" -e "s/subnet-0bbb2222/$3/" examples/shop-staging.yaml
}
