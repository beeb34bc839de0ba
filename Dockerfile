# syntax=docker/dockerfile:1
# The all-in-one Weft hub as an image: build the hub jar with JDK 21, run it on a JRE 21.
# Used by docker-compose.yml; the services it talks to come from the WEFT_* environment.

FROM maven:3.9-eclipse-temurin-21 AS build
WORKDIR /src
COPY . .
# The Maven repository is a build cache, not an image layer: rebuilds after a source change stay fast.
RUN --mount=type=cache,target=/root/.m2 \
    mvn -B -q -pl hub -am package -DskipTests \
 && cp hub/target/weft-hub.jar /weft-hub.jar

FROM eclipse-temurin:21-jre
RUN groupadd --system weft && useradd --system --gid weft --home-dir /app weft
WORKDIR /app
COPY --from=build /weft-hub.jar /app/weft-hub.jar
USER weft
ENV WEFT_HUB_PORT=8088
EXPOSE 8088
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/weft-hub.jar"]
