# Builds the kcrawler worker image: `docker build -t kcrawler-worker .`

FROM maven:3.9.9-eclipse-temurin-17 AS build
WORKDIR /src
# POMs first, so dependency downloads are cached until a POM changes.
COPY pom.xml .
COPY shared-model/pom.xml shared-model/
COPY workflows/pom.xml workflows/
COPY activities/pom.xml activities/
COPY devkit/pom.xml devkit/
COPY worker/pom.xml worker/
COPY devmode/pom.xml devmode/
RUN mvn -B -q dependency:go-offline -pl worker -am || true
COPY . .
RUN mvn -B -q package -DskipTests -pl worker -am

FROM eclipse-temurin:17.0.15_6-jre
RUN groupadd --system kcrawler && useradd --system --gid kcrawler --home-dir /app kcrawler
WORKDIR /app
COPY --from=build /src/worker/target/kcrawler.jar /app/kcrawler.jar
USER kcrawler
# Prometheus scrape endpoint (KCRAWLER_METRICS_PORT) and health (KCRAWLER_HEALTH_PORT).
EXPOSE 9464 8081
ENTRYPOINT ["java", "-jar", "/app/kcrawler.jar"]
CMD ["worker", "--mode", "saas"]
