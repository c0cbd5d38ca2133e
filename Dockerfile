# Kopilka's production image: built with the same `npm run build` as CI, run as an unprivileged
# user with only the runtime dependencies (no compiler). docs/operations.md, "Deploying".
#   docker build -t kopilka .
#   docker run -p 8080:8080 -v kopilka-data:/data kopilka          # embedded database in /data
#   docker compose up                                              # with PostgreSQL (compose.yaml)
ARG NODE_IMAGE=node:20.19-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

FROM ${NODE_IMAGE} AS runtime-deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund

FROM ${NODE_IMAGE}
ENV NODE_ENV=production HOST=0.0.0.0 PORT=8080 KOPILKA_DATA_DIR=/data
WORKDIR /app
COPY --from=runtime-deps /app/node_modules node_modules
COPY --from=build /app/dist dist
COPY --from=build /app/web/dist web/dist
COPY --from=build /app/web/dist-guest web/dist-guest
COPY package.json ./
COPY bin bin
# The image's own files stay root's and read-only to the server; it writes only /data.
RUN mkdir /data && chown node:node /data
USER node
VOLUME /data
EXPOSE 8080
# Ready means the database answers and holds this build's migrations (docs/operations.md).
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+process.env.PORT+'/health/ready').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "bin/kopilka.mjs", "serve"]
