# Build: the same restore/publish the README and CI use.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY Directory.Build.props Directory.Packages.props DramaGen.sln appsettings.json ./
COPY src/DramaGen.Api/DramaGen.Api.csproj src/DramaGen.Api/
RUN dotnet restore src/DramaGen.Api/DramaGen.Api.csproj
COPY src/ src/
RUN dotnet publish src/DramaGen.Api/DramaGen.Api.csproj -c Release -o /app --no-restore

# Run: ffmpeg, espeak-ng and a font for the local providers, curl for the health check, a non-root user.
FROM mcr.microsoft.com/dotnet/aspnet:10.0
RUN apt-get update \
 && apt-get install -y --no-install-recommends ffmpeg espeak-ng fonts-dejavu-core curl \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --create-home --uid 10001 dramagen \
 && mkdir -p /data /jobs && chown dramagen /data /jobs
WORKDIR /app
COPY --from=build /app .
USER dramagen
ENV PORT=8000 ENVIRONMENT=production STORAGE_DIR=/data JOBS_DIR=/jobs DOTNET_CLI_TELEMETRY_OPTOUT=1
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD curl -fsS "http://127.0.0.1:${PORT}/health" || exit 1
ENTRYPOINT ["dotnet", "DramaGen.Api.dll"]
