# syntax=docker/dockerfile:1.7
#
# Worker gateway image: Spring Boot layered extraction on a Temurin 25 (current LTS) JRE,
# non-root numeric user, no shell needed at run time. Build with BuildKit:
#   docker build -t worker-gateway:dev .
# The layout this file produces is exercised without Docker by ci/image-layout-check.sh,
# which reads the extraction, the training run and the ENTRYPOINT below (keep the last two
# one-line exec-form JSON arrays).
#
# Base images are pinned by the digest of their multi-arch index. To refresh, resolve the tag
# and paste the new digest (Renovate/Dependabot can do this):
#   docker buildx imagetools inspect eclipse-temurin:25-jdk-noble --format '{{json .Manifest.Digest}}'
#   docker buildx imagetools inspect eclipse-temurin:25-jre-noble --format '{{json .Manifest.Digest}}'

# ---- build: the project's own wrapper; Maven repository in a BuildKit cache mount ----
# eclipse-temurin:25-jdk-noble
FROM eclipse-temurin:25-jdk-noble@sha256:3eb81ed94d8c1a34422f19f8188548bdf02cae69c91d0328afdbb7abed90f617 AS build
WORKDIR /workspace
COPY mvnw pom.xml ./
COPY .mvn .mvn
# Resolve plugins and dependencies in their own layer: source edits do not invalidate it.
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -q dependency:go-offline
COPY src src
# Tests run in CI (./mvnw verify), not in the image build; formatter and enforcer still run.
# Extracted as a plain application.jar with its libraries in lib/ (no launcher): the JVM's AOT
# cache only covers classes loaded from jar files named on the class path.
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -q -DskipTests package \
    && java -Djarmode=tools -jar target/worker-gateway-*.jar extract --layers --application-filename application.jar --destination extracted

# ---- runtime ----
# eclipse-temurin:25-jre-noble
FROM eclipse-temurin:25-jre-noble@sha256:b573af9e331196fbc42e246da4df24df9b6c556c73e7efddfde0511f1c9508c5
# A passwd entry for the numeric user (the JVM and some libraries look up user.name); no login shell.
RUN groupadd --system --gid 10001 gateway \
    && useradd --system --uid 10001 --gid 10001 --no-create-home --home-dir /nonexistent \
       --shell /usr/sbin/nologin gateway
WORKDIR /app
# Least to most frequently changing, so a code change only ships the last layer.
# Files stay owned by root: the application cannot modify itself.
COPY --from=build /workspace/extracted/dependencies/ ./
COPY --from=build /workspace/extracted/spring-boot-loader/ ./
COPY --from=build /workspace/extracted/snapshot-dependencies/ ./
COPY --from=build /workspace/extracted/application/ ./
# Training run (JEP 514/515, Java 25): start the application once up to a refreshed context and
# record the classes it loads and links, and their profiles, in an AOT cache; the ENTRYPOINT
# starts from that cache (about 3x faster to readiness, see docs/benchmarks.md). The production
# configuration with a throw-away task-token key: nothing is bound, nothing is called.
RUN ["java", "-XX:AOTCacheOutput=app.aot", "-Dspring.context.exit=onRefresh", "-jar", "application.jar", "--worker-gateway.task-token.allow-ephemeral-key=true"]
USER 10001:10001
# API, management (Actuator). The emulator port (8090) is only used in emulator mode.
EXPOSE 8080 8081
# Exec form: the JVM is PID 1 and receives SIGTERM directly (graceful shutdown); it starts no
# child processes, so no init process is needed. Heap: 75 % of the container memory limit. A cache
# that does not fit the JVM (another image, other flags) is ignored with a warning, never fatal.
ENTRYPOINT ["java", "-XX:AOTCache=app.aot", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "-jar", "application.jar"]
