{{- define "appstack.name" -}}appstack-operator{{- end -}}
{{- define "appstack.serviceAccount" -}}{{ default .Release.Name .Values.serviceAccount.name }}{{- end -}}
{{- define "appstack.labels" -}}
app.kubernetes.io/name: appstack-operator
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}
{{- define "appstack.selector" -}}
app.kubernetes.io/name: appstack-operator
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}
{{/* The rules the operator needs on stacks, their Events and the Secrets they reference. */}}
{{- define "appstack.rules" -}}
- apiGroups: [appstack.io]
  resources: [appstacks]
  verbs: [get, list, watch, patch, update]
- apiGroups: [appstack.io]
  resources: [appstacks/status]
  verbs: [get, patch, update]
- apiGroups: [appstack.io]
  resources: [appstacks/finalizers]
  verbs: [update]
- apiGroups: [""]
  resources: [events]
  verbs: [create, patch]
# The URL of an external Redis is read from the Secret a stack names, and watched for changes.
- apiGroups: [""]
  resources: [secrets]
  verbs: [get, list, watch]
{{- end -}}
