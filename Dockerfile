# syntax=docker/dockerfile:1
# One image for both processes: the API (default CMD) and the Temporal worker
# (`command: ["node", "dist/worker.js"]` in compose).
ARG NODE_IMAGE=node:20-bookworm-slim

# --- build: compile TypeScript to dist/ ---
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
# Scripts wait until the sources are here: the postinstall builds the portal from web/.
RUN npm ci --no-audit --no-fund --ignore-scripts
COPY . .
RUN npm run build:web
# migrations/ may not exist yet in a young checkout; the runtime stage copies it regardless.
# tsc emits only JavaScript: files that modules read beside themselves (seed data, portal
# assets) are copied into dist/ at the same relative paths.
RUN mkdir -p migrations && npm run build \
 && cd src && find . -type f ! -name '*.ts' -exec cp --parents {} ../dist/ \;

# --- deps: production dependencies only ---
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund --ignore-scripts && npm cache clean --force

# --- runtime ---
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    DATA_DIR=/data
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/dist ./dist
COPY --from=build /app/web/dist ./web/dist
COPY --from=build /app/migrations ./migrations
# The document store lives on a volume that the unprivileged user must own.
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 3000
CMD ["node", "dist/server.js"]
