# The whole platform as one container: the gateway in all-in-one mode serves the web client, the sessions
# API and the collaboration hub on port 8080, with an embedded store persisted to the /data volume.
#   docker build -t interview .
#   docker run -p 8080:8080 -v interview-data:/data interview
# CI builds and runs this file unchanged with podman (scripts/container-check.sh).

# 1. The web client: exactly the lockfile, then `npm run build` (the type check, then the Vite build).
FROM --platform=$BUILDPLATFORM node:20 AS web
WORKDIR /src/interview-web
COPY interview-web/package.json interview-web/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY interview-web/ ./
RUN npm run build

# 2. The .NET host: restore from the project files alone (a code change reuses that layer), then publish
#    framework-dependent for the target architecture. No tests here: CI runs every suite (./test.sh) before
#    it builds this image, and the integration tests need what a build stage lacks (Node peers, Chromium).
FROM --platform=$BUILDPLATFORM mcr.microsoft.com/dotnet/sdk:10.0 AS build
# Set by BuildKit (docker build), for cross-building; builders that leave it empty get the build machine's.
ARG TARGETARCH
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY Interview.ServiceDefaults/Interview.ServiceDefaults.csproj Interview.ServiceDefaults/
COPY Interview.SessionApi/Interview.SessionApi.csproj Interview.SessionApi/
COPY Interview.CollabHub/Interview.CollabHub.csproj Interview.CollabHub/
COPY Interview.Gateway/Interview.Gateway.csproj Interview.Gateway/
RUN dotnet restore Interview.Gateway -a "${TARGETARCH:-$(dpkg --print-architecture)}"
COPY Interview.ServiceDefaults/ Interview.ServiceDefaults/
COPY Interview.SessionApi/ Interview.SessionApi/
COPY Interview.CollabHub/ Interview.CollabHub/
COPY Interview.Gateway/ Interview.Gateway/
# The question library is compiled into the sessions API (an EmbeddedResource of questions/**).
COPY questions/ questions/
RUN dotnet publish Interview.Gateway -c Release -a "${TARGETARCH:-$(dpkg --print-architecture)}" \
    --self-contained false --no-restore -o /app

# 3. The runtime: the ASP.NET runtime image (no SDK, no Node), the published host and the built client.
FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app ./
COPY --from=web /src/interview-web/dist ./wwwroot
# The store's volume must belong to the user the server runs as (the image's non-root `app`).
RUN mkdir /data && chown app:app /data
ENV ASPNETCORE_HTTP_PORTS=8080 \
    Gateway__Mode=all-in-one \
    Store__DataPath=/data
VOLUME /data
USER app
EXPOSE 8080
# The runtime image has no curl: the server's own --health flag probes http://127.0.0.1:$ASPNETCORE_HTTP_PORTS/health.
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=3 \
    CMD ["dotnet", "Interview.Gateway.dll", "--health"]
ENTRYPOINT ["dotnet", "Interview.Gateway.dll"]
