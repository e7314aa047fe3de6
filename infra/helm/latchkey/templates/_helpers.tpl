{{/*
Names, labels and the settings of each component: every rule of the chart that more than one template needs
lives here, once.

Helpers about one component take a context dict: (dict "root" $ "name" <component name> "component" <its values>),
built by the templates that range over .Values.components.
*/}}

{{/* The chart's name, overridable. */}}
{{- define "latchkey.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* The release's full name: <release>-latchkey, or the release name when it already says latchkey. */}}
{{- define "latchkey.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "latchkey.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* The name of a component's Deployment, Service, ConfigMap, HorizontalPodAutoscaler and PodDisruptionBudget. */}}
{{- define "latchkey.componentName" -}}
{{- printf "%s-%s" (include "latchkey.fullname" .root) .name | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Selector labels: what a Service, a PodDisruptionBudget and the Deployment itself select a component's pods by.
Without a component name (objects of the whole release) the component label is left out.
*/}}
{{- define "latchkey.selectorLabels" -}}
app.kubernetes.io/name: {{ include "latchkey.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
{{- with .name }}
app.kubernetes.io/component: {{ . }}
{{- end }}
{{- end }}

{{/* The recommended labels (kubernetes.io/docs/concepts/overview/working-with-objects/common-labels). */}}
{{- define "latchkey.labels" -}}
helm.sh/chart: {{ include "latchkey.chart" .root }}
{{ include "latchkey.selectorLabels" . }}
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/part-of: latchkey
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
{{- end }}

{{/* The ports of every image (infra/container/Dockerfile.jvm): the application and the management interface. */}}
{{- define "latchkey.httpPort" -}}8080{{- end }}
{{- define "latchkey.managementPort" -}}9000{{- end }}

{{/*
The four services own a database and use Kafka; the gateway and the console have neither (README "Architecture").
"true" or empty, for `if include ...`.
*/}}
{{- define "latchkey.isService" -}}
{{- if not (has .name (list "gateway" "console")) }}true{{ end }}
{{- end }}

{{- define "latchkey.image" -}}
{{- $registry := .component.image.registry | default .root.Values.image.registry }}
{{- $tag := .component.image.tag | default .root.Values.image.tag | default .root.Chart.AppVersion }}
{{- if $registry }}
{{- printf "%s/%s:%s" $registry .component.image.repository $tag }}
{{- else }}
{{- printf "%s:%s" .component.image.repository $tag }}
{{- end }}
{{- end }}

{{/* How many pods a component may run at most: what its consumers may need partitions for. */}}
{{- define "latchkey.maxReplicas" -}}
{{- if .component.autoscaling.enabled }}
{{- .component.autoscaling.maxReplicas | int }}
{{- else }}
{{- .component.replicas | int }}
{{- end }}
{{- end }}

{{/* The most pods any service may run (the gateway consumes nothing). */}}
{{- define "latchkey.largestServiceReplicas" -}}
{{- $largest := 1 }}
{{- range $name, $component := .Values.components }}
{{- $ctx := dict "root" $ "name" $name "component" $component }}
{{- if include "latchkey.isService" $ctx }}
{{- $replicas := include "latchkey.maxReplicas" $ctx | int }}
{{- if gt $replicas $largest }}
{{- $largest = $replicas }}
{{- end }}
{{- end }}
{{- end }}
{{- $largest }}
{{- end }}

{{/*
Every Kafka topic of the platform: infra/lib/events Topics.ALL and Topics.DEAD_LETTERS, with Topics.COMPACTED
compacted (the settings TopicsInitializer creates them with). HelmChartTest compares this list with Topics.java.
*/}}
{{- define "latchkey.topics" -}}
topics:
  - {name: applications, compacted: true}
  - {name: users, compacted: true}
  - {name: verifications, compacted: false}
  - {name: devices, compacted: false}
  - {name: devices.notifications, compacted: false}
  - {name: deliveries.requested, compacted: false}
  - {name: deliveries.status, compacted: false}
  - {name: approvals, compacted: false}
  - {name: phone-verifications, compacted: false}
  - {name: audit, compacted: false}
  - {name: applications.dead-letter, compacted: false}
  - {name: users.dead-letter, compacted: false}
  - {name: verifications.dead-letter, compacted: false}
  - {name: devices.dead-letter, compacted: false}
  - {name: devices.notifications.dead-letter, compacted: false}
  - {name: deliveries.requested.dead-letter, compacted: false}
  - {name: deliveries.requested.user-service.dead-letter, compacted: false}
  - {name: push-service.webhook-events.dead-letter, compacted: false}
  - {name: audit.dead-letter, compacted: false}
{{- end }}

{{- define "latchkey.kafkaBootstrapServers" -}}
{{- if .Values.kafka.bootstrapServers }}
{{- .Values.kafka.bootstrapServers }}
{{- else if .Values.kafka.strimzi.enabled }}
{{- $host := printf "%s-kafka-bootstrap" .Values.kafka.strimzi.clusterName }}
{{- with .Values.kafka.strimzi.namespace }}
{{- $host = printf "%s.%s" $host . }}
{{- end }}
{{- printf "%s:9092" $host }}
{{- else }}
{{- required "kafka.bootstrapServers is required when kafka.strimzi.enabled is false" .Values.kafka.bootstrapServers }}
{{- end }}
{{- end }}

{{/* The Secret holding the settings of `secrets` (and the external databases' passwords). */}}
{{- define "latchkey.secretName" -}}
{{- .Values.secrets.existingSecret | default (include "latchkey.fullname" .) }}
{{- end }}

{{/* The CloudNativePG Cluster of a service (postgres.mode cloudnativepg); the operator adds -rw, -app, ... */}}
{{- define "latchkey.databaseCluster" -}}
{{- printf "%s-db" (include "latchkey.componentName" .) | trunc 50 | trimSuffix "-" }}
{{- end }}

{{- define "latchkey.jdbcUrl" -}}
{{- $postgres := .root.Values.postgres }}
{{- $database := index $postgres.databases .name }}
{{- if eq $postgres.mode "cloudnativepg" }}
{{- printf "jdbc:postgresql://%s-rw:5432/%s" (include "latchkey.databaseCluster" .) $database.name }}
{{- else if $database.jdbcUrl }}
{{- $database.jdbcUrl }}
{{- else }}
{{- $host := required (printf "postgres.external.host (or postgres.databases.%s.jdbcUrl) is required with postgres.mode external" .name) $postgres.external.host }}
{{- printf "jdbc:postgresql://%s:%v/%s" $host $postgres.external.port $database.name }}
{{- with $postgres.external.parameters }}?{{ . }}{{ end }}
{{- end }}
{{- end }}

{{- define "latchkey.publicBaseUrl" -}}
{{- required "publicBaseUrl is required, e.g. https://2fa.example.com" .Values.publicBaseUrl | trimSuffix "/" }}
{{- end }}

{{/*
A component's non-secret settings (its ConfigMap, as environment variables): a YAML map of strings.
components.<name>.env is applied last, so an operator can add or override any of them.
*/}}
{{- define "latchkey.config" -}}
{{- $values := .root.Values }}
{{- $config := dict "QUARKUS_HTTP_PORT" (include "latchkey.httpPort" .) "QUARKUS_MANAGEMENT_PORT" (include "latchkey.managementPort" .) }}
{{- if include "latchkey.isService" . }}
{{- $database := index $values.postgres.databases .name }}
{{- $_ := set $config "QUARKUS_DATASOURCE_JDBC_URL" (include "latchkey.jdbcUrl" .) }}
{{- if ne $values.postgres.mode "cloudnativepg" }}
{{- $_ := set $config "QUARKUS_DATASOURCE_USERNAME" $database.username }}
{{- end }}
{{- $_ := set $config "KAFKA_BOOTSTRAP_SERVERS" (include "latchkey.kafkaBootstrapServers" .root) }}
{{- /* a service that starts before the Topic Operator created a topic creates it with the same settings */}}
{{- $_ := set $config "LATCHKEY_TOPICS_PARTITIONS" ($values.kafka.topics.partitions | toString) }}
{{- $_ := set $config "LATCHKEY_TOPICS_REPLICATION_FACTOR" ($values.kafka.topics.replicas | toString) }}
{{- $_ := set $config "LATCHKEY_OIDC_ENABLED" ($values.oidc.enabled | toString) }}
{{- $_ := set $config "LATCHKEY_OIDC_AUTH_SERVER_URL" (required "oidc.authServerUrl is required, e.g. https://idp.example.com/realms/latchkey" $values.oidc.authServerUrl) }}
{{- $_ := set $config "LATCHKEY_OIDC_CLIENT_ID" $values.oidc.clientId }}
{{- $_ := set $config "LATCHKEY_TRUSTED_PROXIES" (join "," $values.trustedProxies) }}
{{- with $values.secrets.cryptoActiveKeyId }}
{{- $_ := set $config "LATCHKEY_CRYPTO_ACTIVE_KEY_ID" . }}
{{- end }}
{{- end }}
{{- if or (eq .name "token-service") (eq .name "push-service") }}
{{- $_ := set $config "LATCHKEY_PUBLIC_BASE_URL" (include "latchkey.publicBaseUrl" .root) }}
{{- end }}
{{- if eq .name "notifier-service" }}
{{- $notifier := $values.notifier }}
{{- $_ := set $config "LATCHKEY_NOTIFIER_PROVIDER" $notifier.provider }}
{{- if eq $notifier.provider "twilio" }}
{{- $_ := set $config "TWILIO_ACCOUNT_SID" (required "notifier.twilio.accountSid is required with notifier.provider twilio" $notifier.twilio.accountSid) }}
{{- if not (or $notifier.twilio.from $notifier.twilio.messagingServiceSid) }}
{{- fail "notifier.twilio.from or notifier.twilio.messagingServiceSid is required with notifier.provider twilio" }}
{{- end }}
{{- with $notifier.twilio.from }}
{{- $_ := set $config "TWILIO_FROM" . }}
{{- end }}
{{- with $notifier.twilio.messagingServiceSid }}
{{- $_ := set $config "TWILIO_MESSAGING_SERVICE_SID" . }}
{{- end }}
{{- $_ := set $config "LATCHKEY_TWILIO_STATUS_CALLBACK_URL" ($notifier.twilio.statusCallbackUrl | default (printf "%s/twilio/status" (include "latchkey.publicBaseUrl" .root))) }}
{{- else }}
{{- /* the root filesystem is read-only: the local provider's file goes to the /tmp volume */}}
{{- $_ := set $config "LATCHKEY_OUTBOX_FILE" "/tmp/latchkey-outbox.jsonl" }}
{{- end }}
{{- end }}
{{- if eq .name "console" }}
{{- $_ := set $config "LATCHKEY_OIDC_ENABLED" ($values.oidc.enabled | toString) }}
{{- $_ := set $config "LATCHKEY_OIDC_AUTH_SERVER_URL" (required "oidc.authServerUrl is required, e.g. https://idp.example.com/realms/latchkey" $values.oidc.authServerUrl) }}
{{- $_ := set $config "LATCHKEY_CONSOLE_CLIENT_ID" $values.oidc.consoleClientId }}
{{- /* the admin APIs through the gateway's Service, as the operator */}}
{{- $gateway := dict "root" .root "name" "gateway" "component" $values.components.gateway }}
{{- $_ := set $config "LATCHKEY_CONSOLE_API_URL" (printf "http://%s:%s" (include "latchkey.componentName" $gateway) (include "latchkey.httpPort" $gateway)) }}
{{- $_ := set $config "LATCHKEY_TRUSTED_PROXIES" (join "," $values.trustedProxies) }}
{{- end }}
{{- if eq .name "gateway" }}
{{- range $name, $component := $values.components }}
{{- $ctx := dict "root" $.root "name" $name "component" $component }}
{{- if ne $name "gateway" }}
{{- $variable := printf "LATCHKEY_%s_URL" ($name | upper | replace "-" "_") }}
{{- $_ := set $config $variable (printf "http://%s:%s" (include "latchkey.componentName" $ctx) (include "latchkey.httpPort" $ctx)) }}
{{- end }}
{{- end }}
{{- with $values.gatewayTrustedProxies }}
{{- $_ := set $config "LATCHKEY_GATEWAY_TRUSTED_PROXIES" (join "," .) }}
{{- end }}
{{- end }}
{{- toYaml (mergeOverwrite $config (.component.env | default (dict))) }}
{{- end }}

{{/*
A component's secret settings: env entries that read single keys of a Secret, so that each component sees only
the secrets it needs (token-service the code key, notifier-service the Twilio token, each service its own
database password).
*/}}
{{- define "latchkey.secretEnv" -}}
{{- $values := .root.Values }}
{{- $secret := include "latchkey.secretName" .root }}
{{- if include "latchkey.isService" . }}
{{- /* every service opens sealed values: the applications' API keys reach all of them (infra/lib/crypto) */}}
- name: LATCHKEY_CRYPTO_KEYS
  valueFrom:
    secretKeyRef:
      name: {{ $secret }}
      key: crypto-keys
{{- if eq $values.postgres.mode "cloudnativepg" }}
{{- $cluster := include "latchkey.databaseCluster" . }}
- name: QUARKUS_DATASOURCE_USERNAME
  valueFrom:
    secretKeyRef:
      name: {{ $cluster }}-app
      key: username
- name: QUARKUS_DATASOURCE_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ $cluster }}-app
      key: password
{{- else }}
{{- $database := index $values.postgres.databases .name }}
- name: QUARKUS_DATASOURCE_PASSWORD
  valueFrom:
    secretKeyRef:
      {{- if $database.existingSecret }}
      name: {{ $database.existingSecret }}
      key: {{ $database.passwordKey }}
      {{- else }}
      name: {{ $secret }}
      key: {{ .name }}-database-password
      {{- end }}
{{- end }}
{{- end }}
{{- if eq .name "token-service" }}
- name: LATCHKEY_CODE_HMAC_KEY
  valueFrom:
    secretKeyRef:
      name: {{ $secret }}
      key: code-hmac-key
{{- end }}
{{- if and (eq .name "user-service") (or $values.secrets.bootstrapApiKey $values.secrets.existingSecret) }}
- name: LATCHKEY_BOOTSTRAP_API_KEY
  valueFrom:
    secretKeyRef:
      name: {{ $secret }}
      key: bootstrap-api-key
      # optional in an existing Secret: without it user-service creates no bootstrap application
      optional: true
{{- end }}
{{- if eq .name "console" }}
- name: LATCHKEY_CONSOLE_CLIENT_SECRET
  valueFrom:
    secretKeyRef:
      name: {{ $secret }}
      key: console-client-secret
{{- end }}
{{- if and (eq .name "notifier-service") (eq $values.notifier.provider "twilio") }}
- name: TWILIO_AUTH_TOKEN
  valueFrom:
    secretKeyRef:
      name: {{ $secret }}
      key: twilio-auth-token
{{- end }}
{{- end }}

{{/*
Checks across values that the schema cannot express; included once, by configmap.yaml. The failures say what
to change.
*/}}
{{- define "latchkey.validate" -}}
{{- $largest := include "latchkey.largestServiceReplicas" . | int }}
{{- if lt (.Values.kafka.topics.partitions | int) $largest }}
{{- fail (printf "kafka.topics.partitions (%d) must be at least the largest maxReplicas of a service (%d): an instance beyond the partition count gets no partition and consumes nothing" (.Values.kafka.topics.partitions | int) $largest) }}
{{- end }}
{{- $inSync := index (.Values.kafka.topics.config | default dict) "min.insync.replicas" }}
{{- if and $inSync (gt ($inSync | int) (.Values.kafka.topics.replicas | int)) }}
{{- fail (printf "kafka.topics.config min.insync.replicas (%d) must not exceed kafka.topics.replicas (%d): no write to the topics would ever be acknowledged" ($inSync | int) (.Values.kafka.topics.replicas | int)) }}
{{- end }}
{{- range $name, $component := .Values.components }}
{{- if and $component.autoscaling.enabled (gt ($component.autoscaling.minReplicas | int) ($component.autoscaling.maxReplicas | int)) }}
{{- fail (printf "components.%s.autoscaling.minReplicas must not exceed maxReplicas" $name) }}
{{- end }}
{{- end }}
{{- end }}
