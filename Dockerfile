# syntax=docker/dockerfile:1
# Build stage: everything needed to compile the API and the admin app.
FROM node:24.11.1-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

# Runtime stage: production dependencies and the built files only, as an unprivileged user.
FROM node:24.11.1-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
RUN mkdir -p /data && chown node:node /data
USER node
EXPOSE 3000
# As `npm run serve` starts it (a test keeps the two alike); README "Memory" says why.
ENV MALLOC_MMAP_THRESHOLD_=1048576
CMD ["node", "--max-semi-space-size=8", "--max-old-space-size=2000", "dist/api/apps/api/src/main.js"]
