# appstack-operator: `make demo` and `make test` set up everything they need themselves.
# Tools are built/installed at pinned versions (hack/versions.env) into $(CACHE), outside the repo.
SHELL := /bin/bash
include hack/versions.env

CACHE ?= $(or $(XDG_CACHE_HOME),$(HOME)/.cache)/appstack-operator
MVN ?= mvn -B -ntp
MVN_PROPS = -Dappstack.cache=$(CACHE) -Dk8s.version=$(K8S_VERSION) -Dmoto.python=$(CACHE)/moto-$(MOTO_VERSION)/bin/python
export APPSTACK_CACHE := $(CACHE)

.PHONY: help tools build crds unit test crash-test alerts-test helm-test image image-test bench bench-memory demo demo-down clean

help:
	@echo "make demo       local apiserver+etcd, AWS emulator, operator, example stack to Ready"
	@echo "make demo-down  stop what make demo started"
	@echo "make test       all tests: unit + integration (real apiserver + moto)"
	@echo "make unit       unit tests only"
	@echo "make crash-test the crash harness: the operator killed after each mutating AWS call, then restarted"
	@echo "make crds       regenerate crds/ from the Java API types"
	@echo "make image      the operator's OCI image as target/appstack-operator-image.tar (no Docker needed)"
	@echo "make bench      scale benchmark (operator as its own JVM, 10/100/1000 stacks, moto and fakes) and drift-poll call counts"
	@echo "make bench-memory  the shipped operator's memory (RSS, native memory by category) and drift latency with 1,000 stacks on moto"

tools:
	@bash hack/build-k8s.sh
	@bash hack/install-moto.sh >/dev/null

build:
	$(MVN) -q package -DskipTests

crds:
	$(MVN) -q process-classes
	cp target/classes/META-INF/fabric8/appstacks.appstack.io-v1.yml crds/

unit:
	$(MVN) test

test: tools alerts-test
	@bash hack/install-lua.sh
	@bash hack/helm-test.sh >/dev/null
	$(MVN) verify $(MVN_PROPS) -Dhelm.bin=$$(bash hack/install-helm.sh)
	@bash hack/build-image.sh >/dev/null
	@bash hack/image-test.sh

# Issue #7: CrashIT runs the operator as a process, halts it (exit 137, as kill -9) right after each
# of its mutating AWS calls in six scenarios and checks that a restarted operator leaves AWS as an
# uninterrupted run does. Kept out of `mvn verify` for its length; .ci/run runs it after `make test`.
crash-test: tools
	$(MVN) verify $(MVN_PROPS) -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=CrashIT

image: tools build
	@bash hack/build-image.sh

image-test: image
	@bash hack/image-test.sh

helm-test:
	@bash hack/helm-test.sh >/dev/null

alerts-test:
	@bash hack/install-promtool.sh
	cd deploy/alerts && promtool check rules appstack-rules.yaml && promtool test rules appstack-rules.test.yaml

# A benchmark's JVM: the test classpath, the tools' versions, moto's launcher.
BENCH_PACKAGE = $(MVN) -q package -DskipTests dependency:build-classpath -Dmdep.outputFile=target/test-classpath -Dmdep.includeScope=test
BENCH_JAVA = java -cp target/test-classes:target/classes:$$(cat target/test-classpath) $(MVN_PROPS) -Dcrd.dir=crds \
  -Dmoto.launcher=hack/moto_launcher.py -Dmoto.log=target/moto-bench.log

bench: tools
	$(BENCH_PACKAGE)
	$(BENCH_JAVA) $(BENCH_OPTS) io.appstack.operator.bench.ScaleBenchmark
	$(BENCH_JAVA) io.appstack.operator.bench.DriftPollBenchmark

# About 25 minutes: 1,000 stacks brought up through moto, then taken over by a fresh operator per
# JVM variant (BENCH_OPTS='-Dbench.memory.variants=a=<flags>;b=<flags>').
bench-memory: tools
	$(BENCH_PACKAGE)
	$(BENCH_JAVA) -Dbench.drift.samples=10 $(BENCH_OPTS) io.appstack.operator.bench.MemoryBenchmark

demo: tools build
	@bash hack/demo.sh up

demo-down:
	@bash hack/demo.sh down

clean:
	$(MVN) -q clean
