#!/usr/bin/env bash
# Lints and renders the chart with several value sets, and checks that values.schema.json refuses
# bad values at install time. Prints the helm binary's path for the integration tests.
set -euo pipefail
cd "$(dirname "$0")/.."
helm=$(bash hack/install-helm.sh)
chart=helm/appstack-operator
"$helm" lint "$chart" >/dev/null 2> >(grep -v "symbolic link" >&2)
"$helm" template t "$chart" --namespace ops >/dev/null 2> >(grep -v "symbolic link" >&2)
"$helm" template t "$chart" --namespace ops --set 'config.watchNamespaces={staging,prod}' --set replicas=2 \
  --set metrics.serviceMonitor.enabled=true --set metrics.prometheusRule.enabled=true >/dev/null 2> >(grep -v "symbolic link" >&2)
for bad in replicas=0 config.defaultRegion=mars config.progressInterval=soon image.pullPolicy=Sometimes unknown=1; do
  if "$helm" template t "$chart" --set "$bad" >/dev/null 2>&1; then
    echo "values.schema.json accepted --set $bad" >&2
    exit 1
  fi
done
echo "helm chart: lint, 2 renders and 5 refused bad values OK" >&2
echo "$helm"
