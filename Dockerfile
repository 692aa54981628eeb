# DistilBERT-J server image. A runtime image only: build the jar on the host first,
#   ./mvnw -B -q -pl api-module -am package -DskipTests
# then `docker compose up --build` (or `docker build -t distilbertj .`).
#
# A JRE is enough: OpenJDK's JRE image holds the boot, platform and JRE-tool modules, and
# jdk.incubator.vector is a boot module (its class loader is the bootstrap loader); only the
# development tools (javac, jlink, ...) are left out.
FROM eclipse-temurin:25-jre

# A system user without a login shell or home: the server needs neither, only /tmp for Tomcat.
RUN groupadd --system distilbertj \
    && useradd --system --gid distilbertj --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin distilbertj

WORKDIR /opt/distilbertj
COPY --chown=root:root api-module/target/distilbertj-server.jar /opt/distilbertj/distilbertj-server.jar

USER distilbertj:distilbertj

# Spring Boot reads SERVER_PORT; the health check below follows it. The server binds 127.0.0.1
# unless told otherwise; in a container it must listen on all interfaces to be reachable at all.
ENV SERVER_PORT=8080 \
    SERVER_ADDRESS=0.0.0.0
EXPOSE 8080

# Readiness, not liveness: the container turns healthy only once the model has loaded and run its
# warm-up pass. The JRE image has no curl and cannot run single-file Java programs (no javac), so
# the probe is bash's /dev/tcp: an HTTP/1.0 GET whose status line must say 200 (503 while not ready).
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=3 \
    CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${SERVER_PORT:-8080} && printf 'GET /actuator/health/readiness HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]

# Exec form: java is PID 1 and gets SIGTERM: /health and readiness answer 503 for distilbertj.drain-grace
# (5 s) while requests are still served, then the listener closes and in-flight requests finish.
# MaxRAMPercentage sizes the heap from the container's memory limit.
ENTRYPOINT ["java", "--add-modules", "jdk.incubator.vector", "-XX:MaxRAMPercentage=75", "-jar", "/opt/distilbertj/distilbertj-server.jar"]
