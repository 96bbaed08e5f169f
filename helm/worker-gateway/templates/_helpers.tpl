{{/*
Names and labels.
*/}}
{{- define "worker-gateway.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "worker-gateway.fullname" -}}
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

{{- define "worker-gateway.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "worker-gateway.selectorLabels" -}}
app.kubernetes.io/name: {{ include "worker-gateway.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/*
Common labels. helm.sh/chart and app.kubernetes.io/managed-by are Helm-specific: the plain
manifests in k8s/ leave them out (see docs/deploy.md, "Drift between k8s/ and the chart").
*/}}
{{- define "worker-gateway.labels" -}}
helm.sh/chart: {{ include "worker-gateway.chart" . }}
{{ include "worker-gateway.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/component: gateway
app.kubernetes.io/part-of: worker-gateway
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "worker-gateway.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "worker-gateway.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "worker-gateway.image" -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}
{{- end }}

{{/*
A Spring Boot duration ("1500ms", "95s", "2m", "1h"; the schema allows only these forms) in whole
seconds, rounded up.
*/}}
{{- define "worker-gateway.durationSeconds" -}}
{{- $d := toString . }}
{{- if hasSuffix "ms" $d }}
{{- div (add (trimSuffix "ms" $d | atoi) 999) 1000 }}
{{- else if hasSuffix "s" $d }}
{{- trimSuffix "s" $d | atoi }}
{{- else if hasSuffix "m" $d }}
{{- mul (trimSuffix "m" $d | atoi) 60 }}
{{- else if hasSuffix "h" $d }}
{{- mul (trimSuffix "h" $d | atoi) 3600 }}
{{- else }}
{{- fail (printf "unsupported duration %q: use a whole number followed by ms, s, m or h" $d) }}
{{- end }}
{{- end }}

{{/*
The timeout ladder (docs/deploy.md). Every number below is derived from values, never repeated.
*/}}
{{- define "worker-gateway.pollResponseTimeoutSeconds" -}}
{{- include "worker-gateway.durationSeconds" (index .Values.config "worker-gateway" "upstream" "poll-response-timeout") }}
{{- end }}

{{- define "worker-gateway.shutdownPhaseSeconds" -}}
{{- include "worker-gateway.durationSeconds" (index .Values.config "spring" "lifecycle" "timeout-per-shutdown-phase") }}
{{- end }}

{{- define "worker-gateway.maxWaitSeconds" -}}
{{- include "worker-gateway.durationSeconds" (index .Values.config "worker-gateway" "poll" "max-wait") }}
{{- end }}

{{/*
Pod grace = preStop pause + the longest drain (the shutdown phase, or the SDK's backstop timeout
of a PollForTask, poll-response-timeout + sdk-timeout-margin, if that is longer) + margin.
Fails the render when the shutdown phase is not above the poll response timeout.
*/}}
{{- define "worker-gateway.terminationGracePeriodSeconds" -}}
{{- $pollResponse := include "worker-gateway.pollResponseTimeoutSeconds" . | atoi }}
{{- $phase := include "worker-gateway.shutdownPhaseSeconds" . | atoi }}
{{- if le $phase $pollResponse }}
{{- fail (printf "config.spring.lifecycle.timeout-per-shutdown-phase (%ds) must be above config.worker-gateway.upstream.poll-response-timeout (%ds), or in-flight long polls are cut on shutdown" $phase $pollResponse) }}
{{- end }}
{{- $sdkMargin := include "worker-gateway.durationSeconds" (index .Values.config "worker-gateway" "upstream" "sdk-timeout-margin") | atoi }}
{{- add .Values.shutdown.preStopSleepSeconds (max $phase (add $pollResponse $sdkMargin)) .Values.shutdown.graceMarginSeconds }}
{{- end }}

{{/*
Ingress/load-balancer read (idle) timeout: above the longest worker wait, below the worker's
client timeout (wait + 10 s).
*/}}
{{- define "worker-gateway.ingressReadTimeoutSeconds" -}}
{{- add (include "worker-gateway.maxWaitSeconds" . | atoi) .Values.ingress.readTimeoutMarginSeconds }}
{{- end }}

{{/*
The application.yml mounted from the ConfigMap: `config` one-to-one, plus what the chart owns
(emulator switch and, in emulator mode only, the emulator's throw-away credentials).
*/}}
{{- define "worker-gateway.applicationConfig" -}}
{{- $config := deepCopy .Values.config }}
{{- $gateway := index $config "worker-gateway" }}
{{- $upstream := index $gateway "upstream" }}
{{- if not $upstream.endpoint }}
{{- $_ := unset $upstream "endpoint" }}
{{- end }}
{{- /* Production config does not mention the emulator at all (the application's default is off). */}}
{{- if .Values.emulator.enabled }}
{{- $_ := set $gateway "emulator" (dict "enabled" true "address" .Values.emulator.address "port" .Values.emulator.port) }}
{{- /* Not secrets: the emulator's default throw-away key pair (it verifies SigV4 signatures for it); same values as the `local` profile. */}}
{{- $_ := set $upstream "static-credentials" (dict "access-key-id" "AKIDLOCALEMULATOR" "secret-access-key" "local-emulator-secret") }}
{{- end }}
{{- /* Emulator mode only: the documented development token may use every worker group (its SHA-256). */}}
{{- if .Values.emulator.enabled }}
{{- $security := default (dict) (index $gateway "security") }}
{{- $tokens := concat (default (list) (index $security "static-tokens")) (list (dict "name" "emulator-developer" "sha256" (sha256sum .Values.emulator.devToken) "groups" (list "*"))) }}
{{- $_ := set $security "static-tokens" $tokens }}
{{- $_ := set $gateway "security" $security }}
{{- end }}
{{- /* Waiting workers admitted: derived from the memory limit unless configured; the gateway
checks at start-up that they fit its heap with the same figures. */}}
{{- $_ := set (index $gateway "dispatch") "max-waiters" (include "worker-gateway.maxWaiters" . | atoi) }}
{{- $_ := set $gateway "sizing" (dict "heap-per-waiter" (printf "%dKB" (int .Values.sizing.heapPerWaiterKiB)) "reserved-heap" (printf "%dMB" (int .Values.sizing.reservedHeapMiB)) "headroom-percent" .Values.sizing.headroomPercent) }}
{{- if .Values.autoscaling.enabled }}
{{- if ge (int .Values.autoscaling.targetWaitersPerReplica) (include "worker-gateway.maxWaiters" . | atoi) }}
{{- fail (printf "autoscaling.targetWaitersPerReplica (%d) must be below max-waiters (%s), or replicas answer 429 before the autoscaler adds any" (int .Values.autoscaling.targetWaitersPerReplica) (include "worker-gateway.maxWaiters" .)) }}
{{- end }}
{{- end }}
{{- /* The static worker tokens Secret is mounted as a file (deployment.yaml): point the application at it. */}}
{{- if .Values.secrets.workerTokens.existingSecret }}
{{- $security := default (dict) (index $gateway "security") }}
{{- $_ := set $security "static-tokens-file" (printf "%s/%s" (include "worker-gateway.workerTokensDir" .) .Values.secrets.workerTokens.key) }}
{{- $_ := set $gateway "security" $security }}
{{- end }}
{{- /* The task-token key ring: a mounted Secret; in emulator mode without one, a per-process key (one replica). */}}
{{- if .Values.secrets.taskTokenKeys.existingSecret }}
{{- $_ := set $gateway "task-token" (dict "keys-file" (printf "%s/keys" (include "worker-gateway.taskTokenKeysDir" .))) }}
{{- else if .Values.emulator.enabled }}
{{- $_ := set $gateway "task-token" (dict "allow-ephemeral-key" true) }}
{{- end }}
{{- /* The API budget: the shared store only with a Redis url (which then needs a key prefix). */}}
{{- $budget := default (dict) (index $gateway "budget") }}
{{- $redis := default (dict) (index $budget "redis") }}
{{- if not $redis.url }}
{{- $_ := unset $redis "url" }}
{{- $_ := unset $redis "key-prefix" }}
{{- else if not (index $redis "key-prefix") }}
{{- fail "config.worker-gateway.budget.redis.key-prefix is required with a Redis url: it names the account and region (e.g. dp-budget:123456789012:us-east-1)" }}
{{- end }}
{{- /* Each replica counts the replicas running through the headless Service (its share is 1/count). */}}
{{- if .Values.peerService.enabled }}
{{- $peers := default (dict) (index $budget "peers") }}
{{- if not (index $peers "dns-name") }}
{{- $_ := set $peers "dns-name" (include "worker-gateway.peerServiceHost" .) }}
{{- end }}
{{- $_ := set $budget "peers" $peers }}
{{- end }}
{{- $_ := set $gateway "budget" $budget }}
{{- $poll := index $gateway "poll" }}
{{- if gt (include "worker-gateway.durationSeconds" (index $poll "default-wait") | atoi) (include "worker-gateway.maxWaitSeconds" . | atoi) }}
{{- fail "config.worker-gateway.poll.default-wait must not exceed config.worker-gateway.poll.max-wait" }}
{{- end }}
{{- toYaml $config }}
{{- end }}

{{/*
Where the task-token key ring Secret is mounted.
*/}}
{{- define "worker-gateway.taskTokenKeysDir" -}}
/etc/worker-gateway-secrets/task-token
{{- end }}

{{/*
The headless Service publishing every running replica's address, and its DNS name.
*/}}
{{- define "worker-gateway.peerServiceName" -}}
{{- printf "%s-peers" (include "worker-gateway.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "worker-gateway.peerServiceHost" -}}
{{- printf "%s.%s.svc.%s" (include "worker-gateway.peerServiceName" .) .Release.Namespace .Values.peerService.clusterDomain }}
{{- end }}

{{/*
Where the static worker tokens Secret is mounted.
*/}}
{{- define "worker-gateway.workerTokensDir" -}}
/etc/worker-gateway-secrets/worker-tokens
{{- end }}

{{/*
Labels of the `helm test` pod: not the selector labels, so that neither the Service, the PDB nor
the gateway's NetworkPolicy take it for a gateway pod.
*/}}
{{- define "worker-gateway.testLabels" -}}
app.kubernetes.io/name: {{ include "worker-gateway.name" . }}-test
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: test
{{- end }}

{{/*
A Kubernetes memory quantity (Mi or Gi; the schema allows only these) in MiB.
*/}}
{{- define "worker-gateway.mebibytes" -}}
{{- $q := toString . }}
{{- if hasSuffix "Gi" $q }}
{{- mul (trimSuffix "Gi" $q | atoi) 1024 }}
{{- else if hasSuffix "Mi" $q }}
{{- trimSuffix "Mi" $q | atoi }}
{{- else }}
{{- fail (printf "unsupported memory quantity %q: use Mi or Gi" $q) }}
{{- end }}
{{- end }}

{{/*
A Kubernetes CPU quantity ("250m", "2", "1.5") in whole processors, rounded up.
*/}}
{{- define "worker-gateway.processors" -}}
{{- $q := toString . }}
{{- if hasSuffix "m" $q }}
{{- div (add (trimSuffix "m" $q | atoi) 999) 1000 }}
{{- else }}
{{- ceil (float64 $q) | int }}
{{- end }}
{{- end }}

{{/*
Total waiting workers admitted (worker-gateway.dispatch.max-waiters): as configured, or derived
from the memory limit so that a full gateway fits it with the stated headroom (docs/deploy.md,
"Sizing"):  (limit - idle) / per-waiter / (1 + headroom).
*/}}
{{- define "worker-gateway.maxWaiters" -}}
{{- $dispatch := index .Values.config "worker-gateway" "dispatch" }}
{{- if hasKey $dispatch "max-waiters" }}
{{- index $dispatch "max-waiters" }}
{{- else }}
{{- $limitMiB := include "worker-gateway.mebibytes" .Values.resources.limits.memory | atoi }}
{{- $freeKiB := mul (sub $limitMiB .Values.sizing.idleRssMiB) 1024 }}
{{- $waiters := div (mul $freeKiB 100) (mul .Values.sizing.rssPerWaiterKiB (add 100 .Values.sizing.headroomPercent)) }}
{{- /* ... and no more than the heap holds: the gateway's own start-up check (worker-gateway.sizing). */}}
{{- $heapFreeKiB := mul (sub (include "worker-gateway.heapMiB" . | atoi) .Values.sizing.reservedHeapMiB) 1024 }}
{{- $waiters = min $waiters (div (mul $heapFreeKiB 100) (mul .Values.sizing.heapPerWaiterKiB (add 100 .Values.sizing.headroomPercent))) }}
{{- if lt $waiters 1 }}
{{- fail (printf "resources.limits.memory (%s) leaves no room for waiting workers: an idle gateway takes about %d MiB (sizing.idleRssMiB); raise the limit" .Values.resources.limits.memory (int .Values.sizing.idleRssMiB)) }}
{{- end }}
{{- $waiters }}
{{- end }}
{{- end }}

{{/*
-XX:ActiveProcessorCount: as configured, or the CPU limit, else the CPU request, rounded up, at
least 2 (one event loop thread per processor; fewer than 2 serialises GC and I/O).
*/}}
{{- define "worker-gateway.activeProcessorCount" -}}
{{- if .Values.jvm.activeProcessorCount }}
{{- .Values.jvm.activeProcessorCount }}
{{- else }}
{{- $cpu := .Values.resources.requests.cpu }}
{{- with .Values.resources.limits }}{{ if .cpu }}{{ $cpu = .cpu }}{{ end }}{{ end }}
{{- max 2 (include "worker-gateway.processors" $cpu | atoi) }}
{{- end }}
{{- end }}

{{/*
JDK_JAVA_OPTIONS of the gateway container.
*/}}
{{- define "worker-gateway.jdkJavaOptions" -}}
{{- printf "-Xmx%sm -XX:ActiveProcessorCount=%s %s" (include "worker-gateway.heapMiB" .) (include "worker-gateway.activeProcessorCount" .) .Values.jvm.extraOptions | trim }}
{{- end }}

{{/*
Maximum heap (-Xmx) in MiB: jvm.heapPercent of the memory limit.
*/}}
{{- define "worker-gateway.heapMiB" -}}
{{- div (mul (include "worker-gateway.mebibytes" .Values.resources.limits.memory | atoi) .Values.jvm.heapPercent) 100 }}
{{- end }}
