# appstack-operator: `make demo` and `make test` set up everything they need themselves.
# Tools are built/installed at pinned versions (hack/versions.env) into $(CACHE), outside the repo.
SHELL := /bin/bash
include hack/versions.env

CACHE ?= $(or $(XDG_CACHE_HOME),$(HOME)/.cache)/appstack-operator
MVN ?= mvn -B -ntp
MVN_PROPS = -Dappstack.cache=$(CACHE) -Dk8s.version=$(K8S_VERSION) -Dmoto.python=$(CACHE)/moto-$(MOTO_VERSION)/bin/python
export APPSTACK_CACHE := $(CACHE)

.PHONY: help tools build crds unit test demo demo-down clean

help:
	@echo "make demo       local apiserver+etcd, AWS emulator, operator, example stack to Ready"
	@echo "make demo-down  stop what make demo started"
	@echo "make test       all tests: unit + integration (real apiserver + moto)"
	@echo "make unit       unit tests only"
	@echo "make crds       regenerate crds/ from the Java API types"

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

test: tools
	$(MVN) verify $(MVN_PROPS)

demo: tools build
	@bash hack/demo.sh up

demo-down:
	@bash hack/demo.sh down

clean:
	$(MVN) -q clean
